import { CommandClient } from '@ticketonomics/messaging';
import { startServiceHarness, type ServiceHarness } from '@ticketonomics/testing';
import { LedgerConfigSchema } from '../../src/config/ledger.config';
import { startLedger, type RunningLedger } from '../../src/ledger.app';

export type LedgerHarness = ServiceHarness<RunningLedger> & { client: CommandClient };

/**
 * The ledger in-process on a fresh nats-server and data dir; holds are swept every 100 ms. `now` replaces
 * the ledger's clock (the journal writer's, which emission periods read too).
 */
export async function startLedgerHarness(
  env: Record<string, string> = {},
  options: { now?: () => number } = {},
): Promise<LedgerHarness> {
  const harness = await startServiceHarness({
    name: 'ledger',
    env: { LEDGER_EXPIRY_SWEEP_MS: '100', ...env },
    start: (settings, logger) => startLedger(LedgerConfigSchema.parse(settings), logger, options),
  });
  return Object.assign(harness, { client: new CommandClient(harness.nc, { timeoutMs: 10_000 }) });
}

/** Open user accounts in a community and return their ids. */
export async function openUsers(h: LedgerHarness, communityId: string, owners: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const ownerId of owners) {
    const account = await h.ok<{ id: string }>('tk.cmd.ledger.account.open', {
      communityId,
      kind: 'user',
      ownerId,
    });
    ids.push(account.id);
  }
  return ids;
}
