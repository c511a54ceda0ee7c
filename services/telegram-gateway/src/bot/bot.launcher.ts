import { Inject, Injectable } from '@nestjs/common';
import { InjectBot } from 'nestjs-telegraf';
import type { Logger } from 'pino';
import type { Telegraf } from 'telegraf';
import { webhookSecretTokenOf, type GatewayConfig } from '../config/gateway.config';
import { GATEWAY_CONFIG, LOGGER } from '../gateway.tokens';
import { LANGUAGES } from '../i18n/catalogue';
import { ALLOWED_UPDATES } from './allowed-updates';
import { botCommandsFor } from './bot-commands';
import { WebhookServer } from './webhook.server';

/** How long close() waits for the long poll to end (telegraf confirms the last updates on its way out). */
const POLLING_STOP_TIMEOUT_MS = 5_000;

/**
 * Starts the bot once the app is up (nestjs-telegraf's own launch is off: it neither reports a bad token
 * nor waits): getMe, the command menu in every catalogue language, then long polling or the webhook.
 */
@Injectable()
export class BotLauncher {
  private polling: Promise<void> | undefined;
  private webhook: WebhookServer | undefined;
  private launched = false;
  private failed = false;

  constructor(
    @InjectBot() private readonly bot: Telegraf,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  get ready(): boolean {
    return this.launched && !this.failed;
  }

  async launch(): Promise<void> {
    const { config } = this;
    // Fails start-up on a wrong token or an unreachable API instead of polling into the void.
    this.bot.botInfo = await this.bot.telegram.getMe();
    await this.bot.telegram.setMyCommands(botCommandsFor(LANGUAGES.en));
    await this.bot.telegram.setMyCommands(botCommandsFor(LANGUAGES.ru), { language_code: 'ru' });
    if (config.TELEGRAM_WEBHOOK_URL !== undefined) {
      await this.startWebhook(config.TELEGRAM_WEBHOOK_URL);
    } else {
      // launch() resolves only when polling stops, so it is kept, not awaited.
      this.polling = this.bot.launch({ allowedUpdates: ALLOWED_UPDATES }).catch((error: unknown) => {
        this.failed = true;
        this.logger.error({ err: error }, 'long polling stopped with an error');
      });
      this.logger.info({ username: this.bot.botInfo.username }, 'bot started (long polling)');
    }
    this.launched = true;
  }

  /**
   * Resolves once polling has ended, or the webhook server has answered the updates it was handling, after the
   * bot was stopped (nestjs-telegraf stops it at app.close()).
   */
  async stopped(): Promise<void> {
    await this.webhook?.close();
    if (this.polling === undefined) return;
    await Promise.race([
      this.polling,
      new Promise((resolve) => setTimeout(resolve, POLLING_STOP_TIMEOUT_MS).unref()),
    ]);
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
    await this.bot.telegram.setWebhook(webhookUrl, {
      secret_token: secretToken,
      allowed_updates: ALLOWED_UPDATES,
    });
    this.logger.info(
      { username: this.bot.botInfo?.username, url: url.origin + url.pathname, port },
      'bot started (webhook)',
    );
  }
}
