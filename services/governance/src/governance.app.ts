import { partitionLabel } from '@ticketonomics/partitions';
import { startPartitionedService, type RunningPartitionedService } from '@ticketonomics/runtime';
import type { Logger } from 'pino';
import type { GovernanceConfig } from './config/governance.config';
import { GOVERNANCE_COMMAND_SPECS } from './governance.commands';
import { GovernanceModule } from './governance.module';
import { registerGovernanceMetrics } from './metrics/governance.metrics';
import { GovernanceStores } from './store/governance.stores';
import { GOVERNANCE_ROUTES } from './partitions/governance.routes';
import { GOVERNANCE_DB_FILE, GOVERNANCE_MIGRATIONS } from './store/governance.migrations';

export type RunningGovernance = RunningPartitionedService;

/** A partition's file: `governance.sqlite` with one partition, else `governance-p003.sqlite` beside it. */
export function governanceFileOf(partition: number, partitionCount: number): string {
  return partitionCount === 1 ? GOVERNANCE_DB_FILE : `governance-${partitionLabel(partition)}.sqlite`;
}

/**
 * Start a governance replica: used by main.ts for the process and by tests in-process. Communities are
 * spread over GOVERNANCE_PARTITIONS partitions as in artifacts (startPartitionedService): each partition is
 * the whole service for its communities, with its own members, proposals, history, consumers and worker.
 */
export function startGovernance(config: GovernanceConfig, logger: Logger): Promise<RunningGovernance> {
  return startPartitionedService({
    name: 'governance',
    config,
    logger,
    replicaId: config.GOVERNANCE_REPLICA_ID,
    partitionCount: config.GOVERNANCE_PARTITIONS,
    leaseTtlMs: config.GOVERNANCE_LEASE_TTL_MS,
    ownerWaitMs: config.GOVERNANCE_OWNER_WAIT_MS,
    ownerTimeoutMs: config.GOVERNANCE_OWNER_TIMEOUT_MS,
    inFlightMax: config.GOVERNANCE_IN_FLIGHT_MAX,
    routes: Object.values(GOVERNANCE_ROUTES),
    commands: GOVERNANCE_COMMAND_SPECS,
    store: { fileOf: governanceFileOf, migrations: GOVERNANCE_MIGRATIONS },
    module: ({ connection, dataSource, partition, logger: partitionLogger }) =>
      GovernanceModule.forRoot({ config, logger: partitionLogger, connection, dataSource, partition }),
    metrics: (registry, served) =>
      registerGovernanceMetrics(registry, () =>
        served().map(({ label, app }) => {
          const stores = app.get(GovernanceStores);
          return { label, proposals: stores.proposals, pools: stores.pools, outbox: stores.outbox };
        }),
      ),
  });
}
