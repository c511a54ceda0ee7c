import {
  LedgerCommands,
  PoolCommands,
  type Pledge,
  type Pool,
  type PoolPurpose,
  type Reply,
} from '@ticketonomics/contracts';
import type { GovernanceSystem } from './governance.harness';

/** What the test saw of one pool: the answers it got, which decide what the pool must end as. */
export interface PoolWitness {
  pool: Pool;
  /** Sum of pledges answered as held (counted). */
  heldSum: number;
  /** Sum of pledges without a definite answer (the process died, the call timed out). */
  unknownSum: number;
  /** A pledge's answer showed the pool settling or settled. */
  sawSettling: boolean;
  /** A cancel was answered. */
  cancelled: boolean;
}

/** Sends a request with a short timeout: a governance process killed mid-call must not stall the run. */
export async function quickCall<T>(
  sys: GovernanceSystem,
  subject: string,
  payload: unknown,
  timeoutMs = 2_500,
): Promise<Reply<T> | 'unknown'> {
  try {
    const msg = await sys.nc.request(subject, new TextEncoder().encode(JSON.stringify(payload)), {
      timeout: timeoutMs,
    });
    return JSON.parse(new TextDecoder().decode(msg.data)) as Reply<T>;
  } catch {
    return 'unknown';
  }
}

export const PURPOSES: readonly PoolPurpose[] = ['treasury', 'prize', 'artifact'];

/** Everything the ledger and governance say about a closed pool, for the assertions. */
export interface ClosedPool {
  pool: Pool;
  pledges: Pledge[];
  /** Ledger state of each pledge's hold: posted, voided, expired, or null when the ledger has none. */
  holdStates: (string | null)[];
  payout: { amount: number; creditAccountId: string } | null;
  escrow: { balance: number; pendingCredits: number } | null;
}

export async function readClosedPool(
  sys: GovernanceSystem,
  communityId: string,
  poolId: number,
): Promise<ClosedPool> {
  const { pool, pledges } = await sys.ok(PoolCommands.poolGet, { communityId, poolId });
  const holdStates: (string | null)[] = [];
  for (const pledge of pledges) {
    const reply = await sys.call(LedgerCommands.transferGet, { transferId: pledge.holdId });
    holdStates.push(reply.ok ? reply.data.pendingState : null);
  }
  const payoutReply = await sys.call(LedgerCommands.transferGet, { transferId: pool.payoutTransferId });
  const escrowReply = await sys.call(LedgerCommands.balanceGet, { accountId: pool.escrowAccountId });
  return {
    pool,
    pledges,
    holdStates,
    payout: payoutReply.ok
      ? { amount: payoutReply.data.amount, creditAccountId: payoutReply.data.creditAccountId }
      : null,
    escrow: escrowReply.ok
      ? { balance: escrowReply.data.balance, pendingCredits: escrowReply.data.pendingCredits }
      : null,
  };
}
