import { request as httpRequest, STATUS_CODES } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Update, WebhookInfo } from 'telegraf/types';
import { unixSeconds } from './telegram-emulator.state';
import type { WebhookDelivery, WebhookDeliveryOptions, WebhookRegistration } from './telegram-emulator.types';
import type { UpdateQueue } from './update-queue';

/** The header Telegram sends the secret_token of setWebhook in. */
export const SECRET_TOKEN_HEADER = 'x-telegram-bot-api-secret-token';

const WEBHOOK_DELIVERY_DEFAULTS: Required<WebhookDeliveryOptions> = {
  attemptsMax: 5,
  retryDelayMs: 100,
  retryDelayMaxMs: 1_000,
  timeoutMs: 15_000,
};

// Telegram's words in getWebhookInfo's last_error_message, so a bot that reports them is tested for real.
const CONNECTION_REFUSED = 'Connection refused';
const READ_TIMEOUT = 'Read timeout expired';

interface PostOutcome {
  httpStatus?: number;
  error?: string;
}

/**
 * Pushes the bot's pending updates to its webhook as Telegram does: one POST of JSON per update, in order, one at
 * a time, with the secret_token header; a failed POST (no answer or not 2xx) is tried again after a growing wait,
 * up to attemptsMax tries, then the update is dropped. deleteWebhook stops the pushing and leaves what is not
 * delivered yet for getUpdates.
 */
export class WebhookPusher {
  readonly deliveries: WebhookDelivery[] = [];
  private readonly options: Required<WebhookDeliveryOptions>;
  private current: WebhookRegistration | undefined;
  private lastError: { atMs: number; message: string } | undefined;
  private running: Promise<void> | undefined;
  private readonly closing = new AbortController();

  constructor(
    private readonly updates: UpdateQueue,
    options: WebhookDeliveryOptions,
    private readonly onDelivery: () => void,
  ) {
    this.options = { ...WEBHOOK_DELIVERY_DEFAULTS, ...options };
  }

  get registration(): WebhookRegistration | undefined {
    return this.current;
  }

  set(registration: WebhookRegistration): void {
    this.current = registration;
    this.wake();
  }

  delete(): void {
    this.current = undefined;
    this.lastError = undefined;
  }

  info(): WebhookInfo {
    const info: WebhookInfo = {
      url: this.current?.url ?? '',
      has_custom_certificate: false,
      pending_update_count: this.updates.pendingCount(),
    };
    if (this.current !== undefined) {
      info.max_connections = this.current.maxConnections;
      const allowed = this.updates.allowedUpdateTypes();
      if (allowed !== undefined) info.allowed_updates = allowed;
    }
    if (this.lastError !== undefined) {
      info.last_error_date = unixSeconds(this.lastError.atMs);
      info.last_error_message = this.lastError.message;
    }
    return info;
  }

  /** Starts pushing if a webhook is set and updates wait; a no-op while a push is already under way. */
  wake(): void {
    if (this.running !== undefined || this.closing.signal.aborted) return;
    if (this.current === undefined || this.updates.peek() === undefined) return;
    this.running = this.run().finally(() => {
      this.running = undefined;
      // An update pushed between the loop's last look and here would otherwise wait for the next one.
      this.wake();
    });
  }

  /** Ends a POST in flight and the waits between tries, and resolves once the pushing has stopped. */
  async close(): Promise<void> {
    this.closing.abort();
    await this.running;
  }

  private async run(): Promise<void> {
    for (;;) {
      const update = this.updates.peek();
      if (update === undefined || this.current === undefined || this.closing.signal.aborted) return;
      await this.deliver(update);
    }
  }

  /** Tries one update until delivered or out of tries; stops early, keeping it, on deleteWebhook or close. */
  private async deliver(update: Update): Promise<void> {
    const { attemptsMax, retryDelayMs, retryDelayMaxMs } = this.options;
    for (let attempt = 1; attempt <= attemptsMax; attempt += 1) {
      const registration = this.current;
      if (registration === undefined || this.closing.signal.aborted) return;
      // Dropped meanwhile (drop_pending_updates, or allowed_updates changed): nothing left to deliver.
      if (this.updates.peek()?.update_id !== update.update_id) return;
      const atMs = Date.now();
      const outcome = await this.post(registration, update);
      if (this.closing.signal.aborted) return;
      const delivered =
        outcome.httpStatus !== undefined && outcome.httpStatus >= 200 && outcome.httpStatus < 300;
      const gaveUp = !delivered && attempt === attemptsMax;
      const delivery: WebhookDelivery = {
        updateId: update.update_id,
        attempt,
        url: registration.url,
        atMs,
        durationMs: Date.now() - atMs,
        secretTokenSent: registration.secretToken !== undefined,
        delivered,
        gaveUp,
      };
      if (outcome.httpStatus !== undefined) delivery.httpStatus = outcome.httpStatus;
      if (!delivered) {
        delivery.error =
          outcome.error ??
          `Wrong response from the webhook: ${outcome.httpStatus} ${STATUS_CODES[outcome.httpStatus ?? 0] ?? ''}`.trim();
        this.lastError = { atMs, message: delivery.error };
      }
      this.deliveries.push(delivery);
      if (delivered || gaveUp) this.updates.remove(update.update_id);
      this.onDelivery();
      if (delivered || gaveUp) return;
      const waitMs = Math.min(retryDelayMs * 2 ** (attempt - 1), retryDelayMaxMs);
      await sleep(waitMs, undefined, { signal: this.closing.signal }).catch(() => undefined);
    }
  }

  /** One POST; resolves (never rejects) with the status, or with why there was none. */
  private post(registration: WebhookRegistration, update: Update): Promise<PostOutcome> {
    const body = Buffer.from(JSON.stringify(update), 'utf8');
    const headers: Record<string, string | number> = {
      'content-type': 'application/json',
      'content-length': body.length,
    };
    if (registration.secretToken !== undefined) headers[SECRET_TOKEN_HEADER] = registration.secretToken;
    const send = new URL(registration.url).protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolvePost) => {
      // agent: false: no pooled keep-alive socket, so neither the bot's server nor jest waits on one.
      const call = send(
        registration.url,
        {
          method: 'POST',
          headers,
          agent: false,
          timeout: this.options.timeoutMs,
          signal: this.closing.signal,
        },
        (response) => {
          const httpStatus = response.statusCode ?? 0;
          // The answer's body is read and dropped: the emulator does not run methods sent back in it.
          response.resume();
          response.on('end', () => resolvePost({ httpStatus }));
          response.on('close', () => resolvePost({ httpStatus }));
        },
      );
      call.on('timeout', () => call.destroy(new Error(READ_TIMEOUT)));
      call.on('error', (error: NodeJS.ErrnoException) =>
        resolvePost({ error: error.code === 'ECONNREFUSED' ? CONNECTION_REFUSED : error.message }),
      );
      call.end(body);
    });
  }
}
