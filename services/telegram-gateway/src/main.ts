import 'reflect-metadata';
import { ConfigError, createLogger, loadConfig } from '@ticketonomics/runtime';
import { GatewayConfigSchema } from './config/gateway.config';
import { startTelegramGateway } from './gateway.app';

/** How long a stop signal waits for a clean shutdown before the process exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 15_000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(GatewayConfigSchema);
  } catch (error) {
    if (error instanceof ConfigError) {
      const hint = process.env.TELEGRAM_BOT_TOKEN
        ? ''
        : '\n  (create a bot with @BotFather in Telegram, then run with TELEGRAM_BOT_TOKEN=<its token>)';
      process.stderr.write(`telegram-gateway: ${error.message}${hint}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger('telegram-gateway', config.LOG_LEVEL);
  const gateway = await startTelegramGateway(config, logger);
  const stop = (signal: string) => {
    logger.info({ signal }, 'stopping');
    setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    gateway.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  // A wrong token is the likeliest start failure; say so without a stack trace.
  const message = error instanceof Error ? error.message : String(error);
  const hint = /401|Unauthorized/i.test(message)
    ? ' (TELEGRAM_BOT_TOKEN was refused: check it with @BotFather)'
    : '';
  process.stderr.write(`telegram-gateway: failed to start: ${message}${hint}\n`);
  process.exit(1);
});
