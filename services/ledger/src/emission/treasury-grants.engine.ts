import {
  DomainError,
  type LedgerCommands,
  type CommandParsedRequest,
  type Transfer,
} from '@ticketonomics/contracts';
import { treasuryAccountId } from '../accounts/account-id';
import type { JournalWriter } from '../journal/journal.writer';
import type { LedgerStores } from '../store/ledger.stores';
import { toTransfer } from '../transfers/transfer.mapper';
import { assertFunds, idempotencyConflict } from '../transfers/transfer.rules';

export type GrantRequest = CommandParsedRequest<(typeof LedgerCommands)['treasuryGrant']>;

/** A grant is a bonus, a bounty a reward: the journal's existing codes say what the money was for. */
const CODE_OF = { grant: 'bonus', bounty: 'reward' } as const;

/**
 * Grants and bounties paid from a community's treasury. Synchronous, inside the commit queue; every
 * check comes before the one write, so a refusal leaves nothing behind.
 */
export class TreasuryGrantsEngine {
  constructor(
    private readonly stores: LedgerStores,
    private readonly writer: JournalWriter,
  ) {}

  grant(request: GrantRequest): Transfer {
    const treasuryId = treasuryAccountId(request.communityId);
    const approvedBy = JSON.stringify(request.approvedBy);
    const existing = this.stores.journal.findById(request.id);
    if (existing !== undefined) {
      const grant = this.stores.emission.grant(request.id);
      const checks: [string, boolean][] = [
        ['kind', grant?.kind === request.kind],
        [
          'toAccountId',
          existing.debitAccountId === treasuryId && existing.creditAccountId === request.toAccountId,
        ],
        ['amount', existing.amount === request.amount],
        ['memo', existing.memo === request.memo],
        ['approvedBy', grant?.approvedBy === approvedBy],
      ];
      const differing = checks.find(([, same]) => !same);
      if (differing !== undefined) throw idempotencyConflict(request.id, differing[0]);
      return toTransfer(existing, null);
    }
    const treasury = this.stores.accounts.find(treasuryId);
    if (treasury === undefined) {
      throw new DomainError(
        'NOT_FOUND',
        `communityId: community ${request.communityId} has no treasury yet`,
        {
          field: 'communityId',
        },
      );
    }
    const credit = this.writer.accounts.named(request.toAccountId, 'toAccountId');
    if (credit.communityId !== request.communityId) {
      throw new DomainError(
        'COMMUNITY_MISMATCH',
        `toAccountId: ${credit.id} is in community ${credit.communityId}, not ${request.communityId}; tickets never cross communities`,
        { field: 'toAccountId' },
      );
    }
    if (credit.kind !== 'user' && credit.kind !== 'escrow') {
      throw new DomainError('FORBIDDEN', 'toAccountId: a grant goes to a member or escrow account', {
        field: 'toAccountId',
      });
    }
    if ('userId' in request.approvedBy) this.assertApprover(request.communityId, request.approvedBy.userId);
    assertFunds(treasury, request.amount, `this ${request.kind}`);
    const row = this.writer.write(
      {
        id: request.id,
        kind: 'posted',
        communityId: request.communityId,
        debitAccountId: treasuryId,
        creditAccountId: credit.id,
        amount: request.amount,
        code: CODE_OF[request.kind],
        memo: request.memo,
        pendingId: null,
        timeoutMs: null,
        expiresAt: null,
        reversesId: null,
        linkedTo: null,
      },
      [-request.amount, 0, 0],
      [request.amount, 0, 0],
    );
    this.stores.emission.recordGrant({
      id: request.id,
      communityId: request.communityId,
      kind: request.kind,
      approvedBy,
      at: this.writer.now(),
    });
    return toTransfer(row, null);
  }

  /** An admin's approval counts when the ledger knows them as an active admin or owner of the community. */
  private assertApprover(communityId: string, userId: string): void {
    const member = this.stores.members.find(communityId, userId);
    if (member === undefined || member.status !== 'active' || member.role === 'member') {
      throw new DomainError(
        'FORBIDDEN',
        `approvedBy.userId: ${userId} is not an admin or owner of ${communityId}; treasury spending needs one, or a passed proposal`,
        { field: 'approvedBy.userId' },
      );
    }
  }
}
