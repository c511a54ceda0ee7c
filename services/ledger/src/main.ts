import 'reflect-metadata';
import { ConfigError, createLogger, loadConfig } from '@ticketonomics/runtime';
import { LedgerConfigSchema } from './config/ledger.config';
import { startLedger } from './ledger.app';

/** How long a stop signal waits for a clean shutdown before the process exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 15_000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(LedgerConfigSchema);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`ledger: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger('ledger', config.LOG_LEVEL);
  const ledger = await startLedger(config, logger);
  const stop = (signal: string) => {
    logger.info({ signal }, 'stopping');
    setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    ledger.close().then(
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
  process.stderr.write(
    `ledger: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
