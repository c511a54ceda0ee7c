import { CommandClient } from '@ticketonomics/messaging';
import { startServiceHarness, type ServiceHarness } from '@ticketonomics/testing';
import { AccountsConfigSchema } from '../../src/config/accounts.config';
import { accountsWriterApp, startAccounts, type RunningAccounts } from '../../src/accounts.app';
import { AccountsStores } from '../../src/store/accounts.stores';

export type AccountsHarness = ServiceHarness<RunningAccounts> & {
  client: CommandClient;
  /** Stop the service and start it again on the same data, with `env` over the settings it started with. */
  restartWith(env: Record<string, string>): Promise<void>;
  /** The stores of the writer: the service in-process is the one replica, so it writes once it is up. */
  stores(): AccountsStores;
};

/**
 * The accounts service in-process on a fresh nats-server and data dir. Webhooks may reach private
 * addresses (the test receivers listen on 127.0.0.1) unless `env` says otherwise.
 */
export async function startAccountsHarness(env: Record<string, string> = {}): Promise<AccountsHarness> {
  let overrides: Record<string, string> = {};
  const harness = await startServiceHarness({
    name: 'accounts',
    env: { WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true', ...env },
    start: (settings, logger) =>
      startAccounts(AccountsConfigSchema.parse({ ...settings, ...overrides }), logger),
  });
  return Object.assign(harness, {
    client: new CommandClient(harness.nc, { timeoutMs: 10_000 }),
    async restartWith(extra: Record<string, string>) {
      overrides = extra;
      await harness.restart();
    },
    stores() {
      const app = accountsWriterApp(harness.service);
      if (app === undefined) throw new Error('the accounts replica in this test is not the writer (yet)');
      return app.get(AccountsStores);
    },
  });
}
