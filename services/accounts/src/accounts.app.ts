import { startPartitionedService, type RunningPartitionedService } from '@ticketonomics/runtime';
import type { INestMicroservice } from '@nestjs/common';
import type { Logger } from 'pino';
import { ACCOUNTS_COMMAND_SPECS } from './accounts.commands';
import { AccountsModule } from './accounts.module';
import { LOGGER } from './accounts.tokens';
import { webhookSettingsOf, type AccountsConfig } from './config/accounts.config';
import { registerAccountsMetrics } from './metrics/accounts.metrics';
import { ACCOUNTS_PARTITION_COUNT, ACCOUNTS_ROUTES } from './partitions/accounts.routes';
import { ACCOUNTS_DB_FILE, ACCOUNTS_MIGRATIONS } from './store/accounts.migrations';
import { AccountsStores } from './store/accounts.stores';
import { WebhookDeliveryWorker } from './webhooks/webhook-delivery.worker';

export type RunningAccounts = RunningPartitionedService;

/**
 * Start an accounts replica: used by main.ts for the process and by tests to run it in-process.
 *
 * Accounts is one partition, its file `accounts.sqlite`, written by one replica at a time: the one holding
 * its lease in JetStream KV, fenced inside every commit (see startPartitionedService). Every replica
 * answers the public subjects in the `accounts` queue group and passes each command on to the writer; when
 * the writer dies another replica takes the lease once it expires (ACCOUNTS_LEASE_TTL_MS). Everything that
 * writes or works in the background (stores, outbox relay, webhook consumer and delivery worker) lives in
 * the partition's module, so it runs in the writer only.
 */
export function startAccounts(config: AccountsConfig, logger: Logger): Promise<RunningAccounts> {
  return startPartitionedService({
    name: 'accounts',
    config,
    logger,
    loggerToken: LOGGER,
    replicaId: config.ACCOUNTS_REPLICA_ID,
    partitionCount: ACCOUNTS_PARTITION_COUNT,
    leaseTtlMs: config.ACCOUNTS_LEASE_TTL_MS,
    ownerWaitMs: config.ACCOUNTS_OWNER_WAIT_MS,
    ownerTimeoutMs: config.ACCOUNTS_OWNER_TIMEOUT_MS,
    inFlightMax: config.ACCOUNTS_IN_FLIGHT_MAX,
    routes: ACCOUNTS_ROUTES,
    commands: ACCOUNTS_COMMAND_SPECS,
    store: { fileOf: () => ACCOUNTS_DB_FILE, migrations: ACCOUNTS_MIGRATIONS },
    module: ({ connection, dataSource, partition, logger: partitionLogger }) =>
      AccountsModule.forRoot({
        logger: partitionLogger,
        connection,
        dataSource,
        webhooks: webhookSettingsOf(config),
        partition,
      }),
    metrics: (registry, served) =>
      registerAccountsMetrics(registry, () => {
        const writer = served()[0];
        return writer === undefined ? undefined : figuresOf(writer.app);
      }),
  });
}

function figuresOf(app: INestMicroservice) {
  const stores = app.get(AccountsStores);
  return {
    writes: stores.writes,
    groupedWrites: stores.groupStats.items,
    queuedWrites: stores.queuedWrites,
    webhookRequestsInFlight: app.get(WebhookDeliveryWorker).inFlightCount,
    outbox: stores.outbox,
  };
}

/** The writer's module when this replica is the writer now (tests reach its stores through it). */
export function accountsWriterApp(running: RunningAccounts): INestMicroservice | undefined {
  return running.partitions.appOf(0);
}
