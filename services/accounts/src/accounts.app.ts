import { startPartitionedService, type RunningPartitionedService } from '@ticketonomics/runtime';
import { globalPartitionOf } from '@ticketonomics/partitions';
import type { INestMicroservice } from '@nestjs/common';
import type { Logger } from 'pino';
import { AccountsGlobalModule } from './accounts-global.module';
import { AccountsModule } from './accounts.module';
import { LOGGER } from './accounts.tokens';
import { webhookSettingsOf, type AccountsConfig } from './config/accounts.config';
import { registerAccountsMetrics, type AccountsFigures } from './metrics/accounts.metrics';
import {
  ACCOUNTS_COMMUNITY_COMMAND_SPECS,
  ACCOUNTS_GLOBAL_COMMAND_SPECS,
  ACCOUNTS_ROUTES,
} from './partitions/accounts.routes';
import { AccountsGlobalStores } from './store/accounts-global.stores';
import {
  ACCOUNTS_DB_FILE,
  ACCOUNTS_MIGRATIONS,
  accountsCommunityMigrations,
  accountsFileOf,
} from './store/accounts.migrations';
import { AccountsStores } from './store/accounts.stores';
import { WebhookDeliveryWorker } from './webhooks/webhook-delivery.worker';

export type RunningAccounts = RunningPartitionedService;

/** What a partition waits for another's answer: under the owner timeout the caller's request is given. */
const PEER_TIMEOUT_MARGIN_MS = 1_000;

/**
 * Start an accounts replica: used by main.ts for the process and by tests to run it in-process.
 *
 * Communities are spread over ACCOUNTS_PARTITIONS partitions (`accounts-p003.sqlite`), each holding its
 * communities' members, settings, activity, API keys and webhooks; users, identities and link codes are
 * one more partition, the global one (`accounts.sqlite`, the file accounts always had). Each partition is
 * written by one replica at a time, chosen by leases in JetStream KV, spread evenly over the live replicas
 * and fenced inside every commit (see startPartitionedService). Every replica answers the public subjects
 * in the `accounts` queue group and passes each command on to the replica writing its partition.
 * Everything that writes or works in the background (stores, outbox relay, webhook consumer and delivery
 * worker) lives in a partition's module, so it runs where the partition is written.
 */
export function startAccounts(config: AccountsConfig, logger: Logger): Promise<RunningAccounts> {
  const peerTimeoutMs = Math.max(100, config.ACCOUNTS_OWNER_TIMEOUT_MS - PEER_TIMEOUT_MARGIN_MS);
  return startPartitionedService({
    name: 'accounts',
    config,
    logger,
    loggerToken: LOGGER,
    replicaId: config.ACCOUNTS_REPLICA_ID,
    partitionCount: config.ACCOUNTS_PARTITIONS,
    leaseTtlMs: config.ACCOUNTS_LEASE_TTL_MS,
    ownerWaitMs: config.ACCOUNTS_OWNER_WAIT_MS,
    ownerTimeoutMs: config.ACCOUNTS_OWNER_TIMEOUT_MS,
    inFlightMax: config.ACCOUNTS_IN_FLIGHT_MAX,
    routes: ACCOUNTS_ROUTES,
    commands: ACCOUNTS_COMMUNITY_COMMAND_SPECS,
    store: { fileOf: accountsFileOf, migrations: accountsCommunityMigrations },
    module: ({ connection, dataSource, partition, logger: partitionLogger }) =>
      AccountsModule.forRoot({
        logger: partitionLogger,
        connection,
        dataSource,
        webhooks: webhookSettingsOf(config),
        peerTimeoutMs,
        partition,
      }),
    global: {
      fileName: ACCOUNTS_DB_FILE,
      migrations: ACCOUNTS_MIGRATIONS,
      commands: ACCOUNTS_GLOBAL_COMMAND_SPECS,
      module: ({ connection, dataSource, partition, logger: partitionLogger }) =>
        AccountsGlobalModule.forRoot({
          logger: partitionLogger,
          connection,
          dataSource,
          peerTimeoutMs,
          partition,
        }),
    },
    metrics: (registry, served) =>
      registerAccountsMetrics(registry, () =>
        served().map(({ app, index }) => figuresOf(app, index === config.ACCOUNTS_PARTITIONS)),
      ),
  });
}

function figuresOf(app: INestMicroservice, global: boolean): AccountsFigures {
  const stores = global ? app.get(AccountsGlobalStores) : app.get(AccountsStores);
  return {
    writes: stores.writes,
    groupedWrites: stores.groupStats.items,
    queuedWrites: stores.queuedWrites,
    webhookRequestsInFlight: global ? 0 : app.get(WebhookDeliveryWorker).inFlightCount,
    outbox: stores.outbox,
  };
}

/** The module of the global partition when this replica writes it now (tests reach its stores through it). */
export function accountsGlobalApp(
  running: RunningAccounts,
  partitionCount: number,
): INestMicroservice | undefined {
  return running.partitions.appOf(globalPartitionOf(partitionCount));
}

/** The module of a community partition when this replica writes it now. */
export function accountsPartitionApp(
  running: RunningAccounts,
  partition: number,
): INestMicroservice | undefined {
  return running.partitions.appOf(partition);
}
