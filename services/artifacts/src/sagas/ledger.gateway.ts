import {
  ledgerAccountId,
  LedgerCommands,
  parseMemberAccountId,
  type AccountKind,
  type Transfer,
  type TransferResult,
} from '@ticketonomics/contracts';
import type { CommandClient } from '@ticketonomics/messaging';
import type { HoldSpec, Payout } from './sagas.store';

/** The artifacts service's own account in each community: buyers' tickets wait here between post and payout. */
export const ESCROW_OWNER = 'artifacts';

export interface AccountRef {
  kind: AccountKind;
  communityId: string;
  ownerId: string | null;
}

export const escrowOf = (communityId: string): AccountRef => ({
  kind: 'escrow',
  communityId,
  ownerId: ESCROW_OWNER,
});
export const treasuryOf = (communityId: string): AccountRef => ({
  kind: 'treasury',
  communityId,
  ownerId: null,
});
export const memberOf = (communityId: string, memberId: string): AccountRef => ({
  kind: 'user',
  communityId,
  ownerId: memberId,
});

export function accountIdOf(ref: AccountRef): string {
  return ledgerAccountId(ref.kind, ref.communityId, ref.ownerId);
}

/**
 * The ledger commands a purchase uses. Every call is idempotent by transfer id, so any of them can be
 * repeated after a timeout. Errors are the ledger's DomainErrors, or UNAVAILABLE when it does not answer.
 */
export class LedgerGateway {
  /** Accounts known to exist (opening is idempotent; this only saves round trips). */
  private readonly opened = new Map<string, Promise<void>>();

  constructor(private readonly client: CommandClient) {}

  /**
   * Open the accounts a payment touches that the ledger does not open by itself, each once per process:
   * the escrow and the community's. A member's account (user:<community>:<user id>) is opened by the
   * ledger when the payment first names it, so it is not asked for here.
   */
  async ensureAccounts(refs: readonly AccountRef[]): Promise<void> {
    const toOpen = refs.filter((ref) => parseMemberAccountId(accountIdOf(ref)) === null);
    await Promise.all(toOpen.map((ref) => this.ensure(ref)));
  }

  hold(spec: HoldSpec): Promise<TransferResult> {
    return this.client.request(LedgerCommands.transferCreate, {
      id: spec.id,
      debitAccountId: spec.debitAccountId,
      creditAccountId: spec.creditAccountId,
      amount: spec.amount,
      code: 'purchase',
      memo: spec.memo,
      pending: { timeoutMs: spec.timeoutMs },
    });
  }

  post(holdId: string): Promise<Transfer> {
    return this.client.request(LedgerCommands.transferPost, { pendingId: holdId });
  }

  void(holdId: string): Promise<Transfer> {
    return this.client.request(LedgerCommands.transferVoid, { pendingId: holdId });
  }

  /** Pay every payee from escrow in one all-or-nothing call; ids `<base>:pay:<n>`. */
  async payout(
    base: string,
    escrowAccountId: string,
    payouts: readonly Payout[],
    memo: string,
  ): Promise<void> {
    const transfers = payouts
      .filter((payout) => payout.amount > 0)
      .map((payout, index) => ({
        id: `${base}:pay:${index + 1}`,
        debitAccountId: escrowAccountId,
        creditAccountId: payout.creditAccountId,
        amount: payout.amount,
        code: payout.code,
        memo,
      }));
    if (transfers.length === 0) return;
    await this.client.request(LedgerCommands.transferLinked, { transfers });
  }

  private ensure(ref: AccountRef): Promise<void> {
    const id = accountIdOf(ref);
    let opening = this.opened.get(id);
    if (opening === undefined) {
      opening = this.client
        .request(LedgerCommands.accountOpen, {
          communityId: ref.communityId,
          kind: ref.kind,
          ...(ref.ownerId === null ? {} : { ownerId: ref.ownerId }),
        })
        .then(() => undefined);
      this.opened.set(id, opening);
      // A failed open is forgotten, so the next purchase asks again.
      opening.catch(() => this.opened.delete(id));
    }
    return opening;
  }
}
