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

export type AccountsHarness = ServiceHarness<RunningAccounts> & {
  client: CommandClient;
  /** Stop the service and start it again on the same data, with `env` over the settings it started with. */
  restartWith(env: Record<string, string>): Promise<void>;
  /**
   * The stores of a community's partition (the first partition when none is named): the service in-process
   * is the one replica, so it writes every partition once it is up.
   */
  stores(communityId?: string): AccountsStores;
  /** The stores of the global partition: users, identities, link codes. */
  globalStores(): AccountsGlobalStores;
  /** The file of a community's partition in the data dir (`accounts-p000.sqlite`). */
  fileOf(communityId: string): string;
};

/**
 * The accounts service in-process on a fresh nats-server and data dir. Webhooks may reach private
 * addresses (the test receivers listen on 127.0.0.1) unless `env` says otherwise.
 */
export async function startAccountsHarness(env: Record<string, string> = {}): Promise<AccountsHarness> {
  let overrides: Record<string, string> = {};
  const partitionCount = Number(env['ACCOUNTS_PARTITIONS'] ?? '1');
  const harness = await startServiceHarness({
    name: 'accounts',
    env: { WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true', ...env },
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
  });
}
