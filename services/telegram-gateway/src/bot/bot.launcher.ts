import { Inject, Injectable } from '@nestjs/common';
import { TELEGRAM_GATEWAY_LEASES_BUCKET } from '@ticketonomics/contracts';
import { LeaseTable } from '@ticketonomics/partitions';
import type { NatsConnection } from '@nats-io/transport-node';
import { InjectBot } from 'nestjs-telegraf';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { TelegramError, type Telegraf } from 'telegraf';
import { webhookSecretTokenOf, type GatewayConfig } from '../config/gateway.config';
import { GATEWAY_CONFIG, LOGGER, NATS_CONNECTION } from '../gateway.tokens';
import { LANGUAGES } from '../i18n/catalogue';
import { ALLOWED_UPDATES } from './allowed-updates';
import { botCommandsFor } from './bot-commands';
import { PollerLeadership } from './poller.leadership';
import { withRetryAfter } from './retry-after';
import { walletMenuButton } from '../wallet/wallet-button';
import { WebhookServer } from './webhook.server';

/** How long close() waits for the long poll to end (telegraf confirms the last updates on its way out). */
const POLLING_STOP_TIMEOUT_MS = 5_000;
/** Every KV request's limit (the poller lease). */
const LEASES_TIMEOUT_MS = 5_000;
/** Tries of each Bot API call at start that Telegram answers with 429, and the longest wait between two. */
const START_CALL_ATTEMPTS_MAX = 5;
const START_CALL_WAIT_MAX_MS = 30_000;

/** telegraf's own poller, which it keeps private: stopping it ends the poll without stopping the bot. */
interface TelegrafPolling {
  polling?: { stop(): void };
}

/**
 * Starts the bot once the app is up (nestjs-telegraf's own launch is off: it neither reports a bad token
 * nor waits): getMe, the command menu in every catalogue language, the wallet's menu button when it is
 * configured, then the webhook, or long polling in the one replica holding the poller lease (poller.leadership.ts).
 */
@Injectable()
export class BotLauncher {
  private leadership: PollerLeadership | undefined;
  private leadershipClosed: Promise<void> | undefined;
  private webhook: WebhookServer | undefined;
  private launched = false;
  private failed = false;

  constructor(
    @InjectBot() private readonly bot: Telegraf,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
  ) {}

  /** Ready once launched, whether it polls or waits to (unless Telegram refused the token while polling). */
  get ready(): boolean {
    return this.launched && !this.failed;
  }

  /** Whether this replica long-polls Telegram now. */
  get polling(): boolean {
    return this.leadership?.leading ?? false;
  }

  /** Webhook mode: the requests this replica's webhook server answered, by HTTP status (empty when polling). */
  get webhookAnswers(): ReadonlyMap<number, number> {
    return this.webhook?.answeredByStatus ?? new Map();
  }

  async launch(): Promise<void> {
    const { config } = this;
    // Fails start-up on a wrong token or an unreachable API instead of polling into the void.
    this.bot.botInfo = await this.startCall('getMe', () => this.bot.telegram.getMe());
    await this.startCall('setMyCommands', () =>
      this.bot.telegram.setMyCommands(botCommandsFor(LANGUAGES.en)),
    );
    await this.startCall('setMyCommands', () =>
      this.bot.telegram.setMyCommands(botCommandsFor(LANGUAGES.ru), { language_code: 'ru' }),
    );
    // Without a wallet URL the menu button is left as it is (an operator may have set one with @BotFather). The
    // default menu button has one text for every language: Telegram keeps no per-language menu button.
    const menuButton = walletMenuButton(config, LANGUAGES.en);
    if (menuButton !== undefined) {
      await this.startCall('setChatMenuButton', () => this.bot.telegram.setChatMenuButton({ menuButton }));
    }
    if (config.TELEGRAM_WEBHOOK_URL !== undefined) {
      await this.startWebhook(config.TELEGRAM_WEBHOOK_URL);
    } else {
      await this.startLeadership();
    }
    this.launched = true;
  }

  /**
   * Resolves once polling has ended, or the webhook server has answered the updates it was handling, after the
   * bot was stopped (nestjs-telegraf stops it at app.close()).
   */
  async stopped(): Promise<void> {
    await this.webhook?.close();
    if (this.leadership === undefined) return;
    this.leadershipClosed ??= this.leadership.close();
    await Promise.race([
      this.leadershipClosed,
      new Promise((resolve) => setTimeout(resolve, POLLING_STOP_TIMEOUT_MS).unref()),
    ]);
  }

  /** A Bot API call at start, called again after Telegram's flood control (replicas starting together). */
  private startCall<T>(method: string, call: () => Promise<T>): Promise<T> {
    return withRetryAfter(call, {
      attemptsMax: START_CALL_ATTEMPTS_MAX,
      waitMaxMs: START_CALL_WAIT_MAX_MS,
      logger: this.logger,
      method,
    });
  }

  private async startLeadership(): Promise<void> {
    const ttlMs = this.config.TELEGRAM_POLLER_LEASE_TTL_MS;
    const leases = await LeaseTable.open(this.connection, {
      bucket: TELEGRAM_GATEWAY_LEASES_BUCKET,
      ttlMs,
      replicas: this.config.NATS_REPLICAS,
      timeoutMs: LEASES_TIMEOUT_MS,
    });
    const leadership = new PollerLeadership({
      leases,
      holder: { holder: `${hostname()}-${process.pid}`, incarnation: randomBytes(6).toString('hex') },
      ttlMs,
      logger: this.logger,
      // launch() (deleteWebhook, then the poll loop) resolves only when polling stops.
      poll: () =>
        this.bot.launch({ allowedUpdates: ALLOWED_UPDATES }).catch((error: unknown) => {
          // A revoked token makes the replica unready; other errors (a 409 from the last poll of the replica
          // that held the lease before) end this poll, and it starts again while the lease is this replica's.
          if (error instanceof TelegramError && error.code === 401) this.failed = true;
          this.logger.error({ err: error }, 'long polling stopped with an error');
        }),
      stopPolling: () => (this.bot as unknown as TelegrafPolling).polling?.stop(),
    });
    this.leadership = leadership;
    // nestjs-telegraf calls bot.stop() at app.close(), which throws unless telegraf holds a poll or a webhook
    // server, and a replica that never polled holds neither: given this one, it stops the leadership too.
    (this.bot as unknown as { webhookServer?: { close(): void } }).webhookServer = {
      close: () => {
        this.leadershipClosed ??= leadership.close();
      },
    };
    await leadership.start();
    this.logger.info(
      { username: this.bot.botInfo?.username, polling: leadership.leading },
      'bot started (long polling in the replica holding the poller lease)',
    );
  }

  /**
   * Our own server rather than telegraf's launch({ webhook }): telegraf registers https://<host><path> whatever
   * the URL says, neither waits for its server to listen nor for it to close, and checks no secret unless given one.
   * The webhook stays set when the gateway stops (no deleteWebhook): Telegram keeps the updates that arrive
   * meanwhile and delivers them to the gateway restarted, or to another replica.
   */
  private async startWebhook(webhookUrl: string): Promise<void> {
    const url = new URL(webhookUrl);
    const secretToken = webhookSecretTokenOf(this.config);
    const webhook = new WebhookServer({
      path: url.pathname + url.search,
      secretToken,
      host: this.config.HTTP_HOST,
      port: this.config.TELEGRAM_WEBHOOK_PORT,
      handleUpdate: (update) => this.bot.handleUpdate(update),
      logger: this.logger,
    });
    const port = await webhook.listen();
    this.webhook = webhook;
    // nestjs-telegraf calls bot.stop() at app.close(), which throws unless telegraf holds a poll or a webhook
    // server; given ours (it only calls close() on it), it closes our server, and stopped() waits for that.
    (this.bot as unknown as { webhookServer?: { close(): void } }).webhookServer = {
      close: () => void webhook.close(),
    };
    // Every replica sets it (the same URL, secret and update types: setting it again changes nothing), so the
    // webhook is right after any of them starts, whichever set it last.
    await this.startCall('setWebhook', () =>
      this.bot.telegram.setWebhook(webhookUrl, {
        secret_token: secretToken,
        allowed_updates: ALLOWED_UPDATES,
      }),
    );
    this.logger.info(
      { username: this.bot.botInfo?.username, url: url.origin + url.pathname, port },
      'bot started (webhook)',
    );
  }
}
