import { Inject, Injectable } from '@nestjs/common';
import { InjectBot } from 'nestjs-telegraf';
import type { Logger } from 'pino';
import type { Telegraf } from 'telegraf';
import type { GatewayConfig } from '../config/gateway.config';
import { GATEWAY_CONFIG, LOGGER } from '../gateway.tokens';
import { LANGUAGES } from '../i18n/catalogue';
import { botCommandsFor } from './bot-commands';

/** How long close() waits for the long poll to end (telegraf confirms the last updates on its way out). */
const POLLING_STOP_TIMEOUT_MS = 5_000;

/**
 * Starts the bot once the app is up (nestjs-telegraf's own launch is off: it neither reports a bad token
 * nor waits): getMe, the command menu in every catalogue language, then long polling or the webhook.
 */
@Injectable()
export class BotLauncher {
  private polling: Promise<void> | undefined;
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
      const url = new URL(config.TELEGRAM_WEBHOOK_URL);
      await this.bot.launch({
        webhook: {
          domain: url.host,
          path: url.pathname,
          port: config.TELEGRAM_WEBHOOK_PORT,
          host: config.HTTP_HOST,
          ...(config.TELEGRAM_WEBHOOK_SECRET !== undefined
            ? { secretToken: config.TELEGRAM_WEBHOOK_SECRET }
            : {}),
        },
      });
      this.logger.info(
        { username: this.bot.botInfo.username, url: url.origin + url.pathname },
        'bot started (webhook)',
      );
    } else {
      // launch() resolves only when polling stops, so it is kept, not awaited.
      this.polling = this.bot.launch().catch((error: unknown) => {
        this.failed = true;
        this.logger.error({ err: error }, 'long polling stopped with an error');
      });
      this.logger.info({ username: this.bot.botInfo.username }, 'bot started (long polling)');
    }
    this.launched = true;
  }

  /** Resolves once polling has ended after the bot was stopped (nestjs-telegraf stops it at app.close()). */
  async stopped(): Promise<void> {
    if (this.polling === undefined) return;
    await Promise.race([
      this.polling,
      new Promise((resolve) => setTimeout(resolve, POLLING_STOP_TIMEOUT_MS).unref()),
    ]);
  }
}
