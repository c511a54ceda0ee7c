import { partitionLabel } from '@ticketonomics/partitions';
import { startPartitionedService, type RunningPartitionedService } from '@ticketonomics/runtime';
import type { Logger } from 'pino';
import { ARTIFACTS_COMMAND_SPECS } from './artifacts.commands';
import { ArtifactsModule } from './artifacts.module';
import type { ArtifactsConfig } from './config/artifacts.config';
import { registerArtifactsMetrics, SagaOutcomes } from './metrics/artifacts.metrics';
import { ARTIFACTS_ROUTES } from './partitions/artifacts.routes';
import { ArtifactsStores } from './store/artifacts.stores';
import { ARTIFACTS_DB_FILE, ARTIFACTS_MIGRATIONS } from './store/artifacts.migrations';

export type RunningArtifacts = RunningPartitionedService;

/**
 * A partition's file: `artifacts.sqlite` when there is one partition (the file the service always had),
 * else `artifacts-p003.sqlite` beside it on the service's volume.
 */
export function artifactsFileOf(partition: number, partitionCount: number): string {
  return partitionCount === 1 ? ARTIFACTS_DB_FILE : `artifacts-${partitionLabel(partition)}.sqlite`;
}

/**
 * Start an artifacts replica: used by main.ts for the process and by tests to run it in-process.
 *
 * Communities are spread over ARTIFACTS_PARTITIONS partitions, each its own SQLite file served by one
 * replica at a time; every replica answers the public subjects in the `artifacts` queue group and passes
 * each command on to the replica serving its community's partition (see startPartitionedService). Each
 * partition is the whole service for its communities: stores, outbox, purchase recovery, trade expiry.
 */
export function startArtifacts(config: ArtifactsConfig, logger: Logger): Promise<RunningArtifacts> {
  return startPartitionedService({
    name: 'artifacts',
    config,
    logger,
    replicaId: config.ARTIFACTS_REPLICA_ID,
    partitionCount: config.ARTIFACTS_PARTITIONS,
    leaseTtlMs: config.ARTIFACTS_LEASE_TTL_MS,
    ownerWaitMs: config.ARTIFACTS_OWNER_WAIT_MS,
    ownerTimeoutMs: config.ARTIFACTS_OWNER_TIMEOUT_MS,
    inFlightMax: config.ARTIFACTS_IN_FLIGHT_MAX,
    routes: Object.values(ARTIFACTS_ROUTES),
    commands: ARTIFACTS_COMMAND_SPECS,
    store: { fileOf: artifactsFileOf, migrations: ARTIFACTS_MIGRATIONS },
    module: ({ connection, dataSource, partition, logger: partitionLogger }) =>
      ArtifactsModule.forRoot({ config, logger: partitionLogger, connection, dataSource, partition }),
    metrics: (registry, served) =>
      registerArtifactsMetrics(registry, {
        attemptsMax: config.ARTIFACTS_SAGA_ATTEMPTS_MAX,
        partitions: () =>
          served().map(({ label, app }) => {
            const stores = app.get(ArtifactsStores);
            return {
              label,
              outcomes: app.get(SagaOutcomes),
              sagas: stores.sagas,
              outbox: stores.outbox,
              writes: stores.writes,
            };
          }),
      }),
  });
}
