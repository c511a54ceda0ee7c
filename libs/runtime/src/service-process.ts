import type { Logger } from 'pino';
import type { z } from 'zod';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';

/** How long a stop signal waits for a clean shutdown before the process exits anyway. */
export const SHUTDOWN_TIMEOUT_MS = 15_000;

export interface ServiceProcessOptions<S extends z.ZodType> {
  name: string;
  configSchema: S;
  start: (config: z.output<S>, logger: Logger) => Promise<{ close(): Promise<void> }>;
  /** Extra words after a configuration error, such as where to get a missing token. */
  configHint?: () => string;
  /** Extra words after a start failure, chosen from its message. */
  startFailureHint?: (message: string) => string;
}

/**
 * The process around a service: validated config (exit 2 with the bad variables named), structured
 * logs, start (exit 1 on failure), and a clean stop on SIGTERM or SIGINT with a deadline.
 */
export function runServiceProcess<S extends z.ZodType>(options: ServiceProcessOptions<S>): void {
  const fail = (message: string, code: number): never => {
    process.stderr.write(`${options.name}: ${message}\n`);
    process.exit(code);
  };
  let config: z.output<S>;
  try {
    config = loadConfig(options.configSchema);
  } catch (error) {
    if (error instanceof ConfigError) fail(`${error.message}${options.configHint?.() ?? ''}`, 2);
    throw error;
  }
  const logger = createLogger(options.name, (config as { LOG_LEVEL?: string }).LOG_LEVEL ?? 'info');
  options.start(config, logger).then(
    (service) => {
      const stop = (signal: string) => {
        logger.info({ signal }, 'stopping');
        setTimeout(() => {
          logger.error('shutdown took too long; exiting');
          process.exit(1);
        }, SHUTDOWN_TIMEOUT_MS).unref();
        service.close().then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    },
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      const detail = error instanceof Error && error.stack !== undefined ? `\n${error.stack}` : '';
      fail(`failed to start: ${message}${options.startFailureHint?.(message) ?? ''}${detail}`, 1);
    },
  );
}
