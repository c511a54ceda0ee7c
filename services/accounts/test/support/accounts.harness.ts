import { CommandClient } from '@ticketonomics/messaging';
import { partitionOf } from '@ticketonomics/partitions';
import { startServiceHarness, type ServiceHarness } from '@ticketonomics/testing';
import { AccountsConfigSchema } from '../../src/config/accounts.config';
import {
  accountsGlobalApp,
  accountsPartitionApp,
  startAccounts,
  type RunningAccounts,
} from '../../src/accounts.app';
import { AccountsGlobalStores } from '../../src/store/accounts-global.stores';
import { accountsFileOf } from '../../src/store/accounts.migrations';
import { AccountsStores } from '../../src/store/accounts.stores';
import { webhooksDurableOf } from '../../src/webhooks/webhook-events.consumer';

export type AccountsHarness = ServiceHarness<RunningAccounts> & {
  client: CommandClient;
  /** Stop the service and start it again on the same data, with `env` over the settings it started with. */
  restartWith(env: Record<string, string>): Promise<void>;
  /**
   * The stores of a community's partition (partition p000 when none is named): the service in-process
   * is the one replica, so it writes every partition once it is up.
   */
  stores(communityId?: string): AccountsStores;
  /** The stores of the global partition: users, identities, link codes. */
  globalStores(): AccountsGlobalStores;
  /** The file of a community's partition in the data dir (`accounts-p000.sqlite`). */
  fileOf(communityId: string): string;
  /** The durable consumer the webhooks of a community's partition read the stream with. */
  webhooksDurableOf(communityId: string): string;
  /** Events written but not yet published, over every partition. */
  unsentEvents(): number;
};

/**
 * Community partitions the suites run with unless they say otherwise: several, so commands that cross
 * from a community partition to the global one (and back) are exercised everywhere.
 */
const TEST_PARTITIONS = '3';

/**
 * The accounts service in-process on a fresh nats-server and data dir. Webhooks may reach private
 * addresses (the test receivers listen on 127.0.0.1) unless `env` says otherwise.
 */
export async function startAccountsHarness(env: Record<string, string> = {}): Promise<AccountsHarness> {
  let overrides: Record<string, string> = {};
  const partitionCount = Number(env['ACCOUNTS_PARTITIONS'] ?? TEST_PARTITIONS);
  const harness = await startServiceHarness({
    name: 'accounts',
    env: {
      WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
      ACCOUNTS_PARTITIONS: String(partitionCount),
      ...env,
    },
    start: (settings, logger) =>
      startAccounts(AccountsConfigSchema.parse({ ...settings, ...overrides }), logger),
  });
  const partitionOfCommunity = (communityId: string | undefined) =>
    communityId === undefined ? 0 : partitionOf(communityId, partitionCount);
  return Object.assign(harness, {
    client: new CommandClient(harness.nc, { timeoutMs: 10_000 }),
    async restartWith(extra: Record<string, string>) {
      overrides = extra;
      await harness.restart();
    },
    stores(communityId?: string) {
      const app = accountsPartitionApp(harness.service, partitionOfCommunity(communityId));
      if (app === undefined)
        throw new Error('the accounts replica in this test does not write that partition (yet)');
      return app.get(AccountsStores);
    },
    globalStores() {
      const app = accountsGlobalApp(harness.service, partitionCount);
      if (app === undefined)
        throw new Error('the accounts replica in this test does not write the global partition (yet)');
      return app.get(AccountsGlobalStores);
    },
    fileOf(communityId: string) {
      return accountsFileOf(partitionOfCommunity(communityId));
    },
    webhooksDurableOf(communityId: string) {
      return webhooksDurableOf({ index: partitionOfCommunity(communityId), count: partitionCount });
    },
    unsentEvents() {
      const community = Array.from({ length: partitionCount }, (_, partition) =>
        accountsPartitionApp(harness.service, partition)?.get(AccountsStores).outbox.unsentCount(),
      );
      const global = accountsGlobalApp(harness.service, partitionCount)
        ?.get(AccountsGlobalStores)
        .outbox.unsentCount();
      return [...community, global].reduce<number>((sum, count) => sum + (count ?? 0), 0);
    },
  });
}
