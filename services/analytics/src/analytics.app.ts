import { startCommandService, type RunningService } from '@ticketonomics/runtime';
import type { Logger } from 'pino';
import { ANALYTICS_COMMAND_SPECS } from './analytics.commands';
import { AnalyticsModule } from './analytics.module';
import type { Clock } from './analytics.tokens';
import type { AnalyticsConfig } from './config/analytics.config';
import { ANALYTICS_DB_FILE, ANALYTICS_MIGRATIONS } from './store/analytics.stores';

export type RunningAnalytics = RunningService;

/**
 * Start an analytics replica: used by main.ts for the process and by tests in-process. Replicas share
 * queries through the queue group (they answer alike once caught up); each follows the stream on its own.
 * The read models can be rebuilt, so commits need only survive a crash of the process (synchronous NORMAL).
 */
export function startAnalytics(
  config: AnalyticsConfig,
  logger: Logger,
  options: { clock?: Clock } = {},
): Promise<RunningAnalytics> {
  const replicaLogger = logger.child({ replicaId: config.ANALYTICS_REPLICA_ID });
  return startCommandService({
    name: 'analytics',
    config,
    logger: replicaLogger,
    store: {
      fileName: ANALYTICS_DB_FILE,
      migrations: ANALYTICS_MIGRATIONS,
      synchronous: 'NORMAL',
    },
    commands: ANALYTICS_COMMAND_SPECS,
    module: ({ connection, dataSource }) =>
      AnalyticsModule.forRoot({
        config,
        logger: replicaLogger,
        connection,
        dataSource,
        clock: options.clock,
      }),
  });
}
