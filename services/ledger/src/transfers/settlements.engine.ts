import {
  communityOfAccountId,
  DomainError,
  isDomainError,
  type Transfer,
  type TransferRequest,
} from '@ticketonomics/contracts';
import type { LedgerStores } from '../store/ledger.stores';
import type { HoldsEngine } from './holds.engine';
import type { PaymentsEngine } from './payments.engine';

export interface SettleRequest {
  communityId: string;
  pendingIds: readonly string[];
  transfers: readonly TransferRequest[];
}

export interface SettleResult {
  posts: Transfer[];
  transfers: Transfer[];
}

/**
 * transfer.settle: several holds posted in full, then linked transfers (paying out the escrow the holds
 * filled), all or nothing. The caller runs it in one savepoint, so any refusal leaves no row behind. Each
 * step is idempotent on its own (a hold posted in full answers its post; a linked batch stored whole answers
 * its rows), so a repeat of an applied request returns the same result.
 */
export class SettlementsEngine {
  constructor(
    private readonly stores: LedgerStores,
    private readonly holds: HoldsEngine,
    private readonly payments: PaymentsEngine,
  ) {}

  settle(request: SettleRequest): SettleResult {
    const posts = request.pendingIds.map((pendingId, index) =>
      atIndex('pendingIds', index, () => {
        const hold = this.stores.journal.findById(pendingId);
        if (hold !== undefined && hold.communityId !== request.communityId) {
          throw new DomainError(
            'COMMUNITY_MISMATCH',
            `hold ${pendingId} is in community ${hold.communityId}, not ${request.communityId}; settle each community's holds on their own`,
            { field: 'pendingId' },
          );
        }
        return this.holds.post({ pendingId });
      }),
    );
    request.transfers.forEach((transfer, index) => {
      if (communityOfAccountId(transfer.debitAccountId) !== request.communityId) {
        throw new DomainError(
          'COMMUNITY_MISMATCH',
          `transfers.${index}.debitAccountId: ${transfer.debitAccountId} is not an account of ${request.communityId}; nothing was applied`,
          { field: `transfers.${index}.debitAccountId`, index },
        );
      }
    });
    const transfers = request.transfers.length === 0 ? [] : this.payments.createLinked(request.transfers);
    return { posts, transfers };
  }
}

/** A refusal of one item names it: `<list>.<index>`, and says that nothing was applied. */
function atIndex<T>(list: string, index: number, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const inner = typeof error.details?.['field'] === 'string' ? error.details['field'] : null;
    const field = inner === null || inner === 'pendingId' ? `${list}.${index}` : `${list}.${index}.${inner}`;
    throw DomainError.fromBody({
      code: error.code,
      message: `${list}.${index}: ${error.message}; nothing was applied`,
      details: { ...error.details, index, field },
    });
  }
}
