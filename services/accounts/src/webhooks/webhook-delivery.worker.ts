import type { Logger } from 'pino';
import type { WebhookSettings } from '../config/accounts.config';
import type { AccountsStores } from '../store/accounts.stores';
import type { AttemptOutcome, WebhookDeliveries } from './webhook-deliveries.service';
import type { DueDelivery } from './webhook-deliveries.store';
import { signatureHeader } from './webhook.signature';

/** How often old deliveries are pruned. */
const PRUNE_INTERVAL_MS = 60_000;
const USER_AGENT = 'Ticketonomics-Webhooks/1';

/**
 * Sends due deliveries: at most `concurrency` requests in flight, at most `batchSize` read per round, a
 * round every `pollMs` or as soon as kick() is called (after an event is queued, after a request ends).
 * Each request is a signed POST of the CloudEvent JSON with a timeout; redirects are not followed (a
 * receiver that moved must be registered again, so a signed body never goes where nobody chose).
 */
export class WebhookDeliveryWorker {
  private readonly inFlight = new Map<number, Promise<void>>();
  /** Aborts requests in flight at stop: they stay pending and are sent again at the next start. */
  private readonly stopping = new AbortController();
  private running = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private lastPrune = 0;

  constructor(
    private readonly deliveries: WebhookDeliveries,
    private readonly stores: AccountsStores,
    private readonly settings: WebhookSettings,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Look for due deliveries now instead of at the next poll. */
  kick(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopping.abort();
    this.kick();
    await this.loop;
    await Promise.allSettled([...this.inFlight.values()]);
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        this.round();
        if (Date.now() - this.lastPrune >= PRUNE_INTERVAL_MS) {
          this.lastPrune = Date.now();
          this.deliveries.prune();
        }
      } catch (error) {
        this.logger.error({ err: error }, 'webhook delivery round failed');
      }
      if (!this.running) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.settings.pollMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  /** Start as many due deliveries as there is room for; they finish on their own and kick the next round. */
  private round(): void {
    const room = this.settings.concurrency - this.inFlight.size;
    if (room <= 0) return;
    const due = this.stores.deliveries
      .due(Date.now(), Math.min(this.settings.batchSize, room + this.inFlight.size))
      .filter((delivery) => !this.inFlight.has(delivery.id))
      .slice(0, room);
    for (const delivery of due) {
      const sending = this.send(delivery)
        .catch((error: unknown) =>
          this.logger.error({ err: error, deliveryId: delivery.id }, 'webhook attempt not recorded'),
        )
        .finally(() => {
          this.inFlight.delete(delivery.id);
          this.kick();
        });
      this.inFlight.set(delivery.id, sending);
    }
  }

  private async send(delivery: DueDelivery): Promise<void> {
    const timestampSec = Math.floor(Date.now() / 1000);
    let outcome: AttemptOutcome;
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.any([AbortSignal.timeout(this.settings.timeoutMs), this.stopping.signal]),
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': USER_AGENT,
          'X-Ticketonomics-Event-Id': delivery.eventId,
          'X-Ticketonomics-Event-Type': delivery.eventType,
          'X-Ticketonomics-Timestamp': String(timestampSec),
          'X-Ticketonomics-Signature': signatureHeader(delivery.secret, timestampSec, delivery.body),
        },
        body: delivery.body,
      });
      // The response body is not read (nothing in it matters); cancelling frees the connection.
      await response.body?.cancel().catch(() => undefined);
      outcome = { statusCode: response.status, error: failureOf(response.status) };
    } catch (error) {
      if (this.stopping.signal.aborted) return;
      outcome = { statusCode: null, error: describeFetchError(error, this.settings.timeoutMs) };
    }
    this.deliveries.recordAttempt(delivery, outcome);
  }
}

/** null for a 2xx; otherwise what the log shows. */
function failureOf(status: number): string | null {
  if (status >= 200 && status < 300) return null;
  if (status >= 300 && status < 400)
    return `HTTP ${status}: redirects are not followed; register the new URL`;
  return `HTTP ${status}`;
}

/** A short, safe reason for a request that got no response (never a stack). */
function describeFetchError(error: unknown, timeoutMs: number): string {
  // Read by shape, not instanceof: fetch's errors may come from another realm (as under jest).
  const { name, message, cause } = (error ?? {}) as { name?: string; message?: string; cause?: unknown };
  if (name === 'TimeoutError' || name === 'AbortError') return `no response within ${timeoutMs} ms`;
  const { code, message: causeMessage } = (cause ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string') return `request failed: ${code}`;
  if (typeof causeMessage === 'string') return `request failed: ${causeMessage}`;
  return `request failed: ${message ?? String(error)}`;
}
