import {
  isDomainError,
  LedgerCommands,
  poolEscrowOwnerId,
  poolPayoutTransferId,
  type DomainError,
} from '@ticketonomics/contracts';
import type { CommandClient } from '@ticketonomics/messaging';
import { escrowOf, holdIdOf, payoutOf, type PledgeRow, type PoolRow } from './pools.store';

/** Refusals that pass by themselves: the step is tried again (the next round, or the caller's repeat). */
const TRANSIENT_CODES = new Set(['UNAVAILABLE', 'OVERLOADED', 'INTERNAL']);

/** A refusal the ledger stands by (funds, a hold's state): the step will not succeed by trying again. */
export function isRefusal(error: unknown): error is DomainError {
  return isDomainError(error) && !TRANSIENT_CODES.has(error.code);
}

/**
 * A pool's money in the ledger. Every call is idempotent by an id derived from the pool and pledge (hold
 * pool:<community>:<pool>:<seq>, payout pool:<community>:<pool>:payout), so a restart sends it again
 * without moving money twice.
 */
export class PoolsLedgerGateway {
  constructor(private readonly client: CommandClient) {}

  /** Opens the pool's escrow (idempotent) and holds the pledge for it. */
  async hold(pool: PoolRow, pledge: PledgeRow): Promise<void> {
    await this.client.request(LedgerCommands.accountOpen, {
      communityId: pool.communityId,
      kind: 'escrow',
      ownerId: poolEscrowOwnerId(pool.id),
    });
    await this.client.request(LedgerCommands.transferCreate, {
      id: holdIdOf(pledge),
      debitAccountId: `user:${pledge.communityId}:${pledge.memberId}`,
      creditAccountId: escrowOf(pool),
      amount: pledge.amount,
      code: 'pledge',
      memo: `pool ${pool.id}`,
      pending: { timeoutMs: pledge.holdTimeoutMs },
    });
  }

  /** Posts every held pledge and pays their sum out, in one all-or-nothing ledger transaction. */
  async settle(pool: PoolRow, held: readonly PledgeRow[]): Promise<void> {
    await this.client.request(LedgerCommands.transferSettle, {
      communityId: pool.communityId,
      pendingIds: held.map(holdIdOf),
      transfers: [
        {
          id: poolPayoutTransferId(pool.communityId, pool.id),
          debitAccountId: escrowOf(pool),
          creditAccountId: payoutOf(pool),
          amount: pool.pledgedAmount,
          // A prize is a member's earning; a treasury (or artifact) top-up stays a pledge.
          code: pool.purpose === 'prize' ? 'reward' : 'pledge',
          memo: `pool ${pool.id}: ${pool.title}`.slice(0, 256),
        },
      ],
    });
  }

  /**
   * Releases a pledge's hold. A hold the ledger already released (voided, or expired by itself) counts as
   * released; a posted one never is (the error is thrown).
   */
  async release(pledge: PledgeRow): Promise<void> {
    try {
      await this.client.request(LedgerCommands.transferVoid, { pendingId: holdIdOf(pledge) });
    } catch (error) {
      const state = isDomainError(error) ? error.details?.['state'] : undefined;
      if (isDomainError(error) && error.code === 'PENDING_NOT_OPEN' && state === 'expired') return;
      throw error;
    }
  }
}
