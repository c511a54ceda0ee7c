import { CommandClient } from '@ticketonomics/messaging';
import { startServiceHarness, type ServiceHarness } from '@ticketonomics/testing';
import { AccountsConfigSchema } from '../../src/config/accounts.config';
import { startAccounts, type RunningAccounts } from '../../src/accounts.app';

export type AccountsHarness = ServiceHarness<RunningAccounts> & { client: CommandClient };

/** The accounts service in-process on a fresh nats-server and data dir. */
export async function startAccountsHarness(env: Record<string, string> = {}): Promise<AccountsHarness> {
  const harness = await startServiceHarness({
    name: 'accounts',
    env,
    start: (settings, logger) => startAccounts(AccountsConfigSchema.parse(settings), logger),
  });
  return Object.assign(harness, { client: new CommandClient(harness.nc, { timeoutMs: 10_000 }) });
}
