import { ANALYTICS_LEASES_BUCKET } from '@ticketonomics/contracts';
import { connectNats, drainNats } from '@ticketonomics/messaging';
import { LeaseTable } from '@ticketonomics/partitions';
import { busConnectionOptions, startCommandService, type RunningService } from '@ticketonomics/runtime';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { ANALYTICS_COMMAND_SPECS } from './analytics.commands';
import { AnalyticsModule } from './analytics.module';
import type { Clock } from './analytics.tokens';
import { defaultReplicaId, type AnalyticsConfig } from './config/analytics.config';
import { StoreSlot } from './slots/store-slot';
import { ANALYTICS_MIGRATIONS } from './store/analytics.stores';

export interface RunningAnalytics extends RunningService {
  replicaId: string;
  /** The slot label (`s0`, ...) or the explicit replica id; the store file is named after it. */
  slot: string;
}

export interface AnalyticsStartOptions {
  clock?: Clock;
  /**
   * Runs after the replica lost its slot lease and closed itself (paused or cut off from NATS longer than the
   * lease lives): the process exits so that it starts again and takes a free slot.
   */
  onSlotLost?: () => void;
}

/** Every KV request's limit (slot leases). */
const LEASES_TIMEOUT_MS = 5_000;

/**
 * Start an analytics replica: used by main.ts for the process and by tests in-process. Replicas share
 * queries through the queue group (they answer alike once caught up); each follows the stream on its own
 * into its own store file, the file of the slot it holds (slots/store-slot.ts), so any number of replicas
 * share one data directory. The read models can be rebuilt, so commits need only survive a crash of the
 * process (synchronous NORMAL).
 */
export async function startAnalytics(
  config: AnalyticsConfig,
  logger: Logger,
  options: AnalyticsStartOptions = {},
): Promise<RunningAnalytics> {
  const connection = await connectNats(busConnectionOptions(config, 'analytics'), logger);
  let slot: StoreSlot | undefined;
  try {
    const explicitId = config.ANALYTICS_REPLICA_ID;
    const slotOptions = {
      slotsMax: config.ANALYTICS_SLOTS_MAX,
      renewEveryMs: Math.floor(config.ANALYTICS_SLOT_TTL_MS / 3),
    };
    if (explicitId === undefined) {
      const leases = await LeaseTable.open(connection, {
        bucket: ANALYTICS_LEASES_BUCKET,
        ttlMs: config.ANALYTICS_SLOT_TTL_MS,
        replicas: config.NATS_REPLICAS,
        timeoutMs: LEASES_TIMEOUT_MS,
      });
      // The replica is its host name and process id: distinct for two processes on one host, and the same
      // for a process restarted in its container (usually), which then takes its slot and file back at once.
      const holder = {
        holder: `${defaultReplicaId()}-${process.pid}`,
        incarnation: randomBytes(6).toString('hex'),
      };
      slot = await StoreSlot.claim(
        leases,
        holder,
        {
          ...slotOptions,
          dataDir: config.DATA_DIR,
          reuseWaitMs: config.ANALYTICS_SLOT_TTL_MS + slotOptions.renewEveryMs,
        },
        logger,
      );
    } else {
      slot = StoreSlot.explicit(explicitId, logger);
    }
    slot.adoptLegacyStore(config.DATA_DIR);
    const replicaId = explicitId ?? `${defaultReplicaId()}-${slot.label}`;
    const replicaLogger = logger.child({ replicaId, slot: slot.label });
    const claimed = slot;
    // Renewed from now on, since opening the store (migrations) may outlast the lease.
    const started: { service?: RunningService; lost?: boolean } = {};
    claimed.keep(slotOptions, () => {
      started.lost = true;
      void started.service?.close().finally(() => options.onSlotLost?.());
    });
    const running = await startCommandService({
      name: 'analytics',
      config,
      logger: replicaLogger,
      connection,
      store: {
        fileName: claimed.fileName,
        migrations: ANALYTICS_MIGRATIONS,
        synchronous: 'NORMAL',
      },
      commands: ANALYTICS_COMMAND_SPECS,
      module: ({ dataSource }) =>
        AnalyticsModule.forRoot({
          config,
          logger: replicaLogger,
          connection,
          dataSource,
          replicaId,
          slot: claimed,
          clock: options.clock,
        }),
    });
    started.service = running;
    if (started.lost === true) {
      await running.close();
      throw new Error('the replica lost its slot lease while starting (NATS unreachable?); start it again');
    }
    replicaLogger.info({ store: claimed.fileName }, 'analytics replica holds its store');
    return { ...running, replicaId, slot: claimed.label };
  } catch (error) {
    await slot?.release().catch(() => undefined);
    await drainNats(connection, logger).catch(() => undefined);
    throw error;
  }
}
