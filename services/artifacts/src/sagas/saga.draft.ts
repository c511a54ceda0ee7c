import type { PaymentSplit } from '@ticketonomics/contracts';
import { strict as assert } from 'node:assert';
import { accountIdOf, escrowOf, memberOf } from './ledger.gateway';
import type { SagaKind } from './saga.states';
import type { Payout, SagaRow } from './sagas.store';

/** Ledger transfer ids of a purchase: `art:<communityId>:<requestId>:hold` and `...:pay:<n>`. */
export function transferBase(communityId: string, requestId: string): string {
  return `art:${communityId}:${requestId}`;
}

export interface SagaDraft {
  communityId: string;
  requestId: string;
  kind: SagaKind;
  buyerId: string;
  price: number;
  payouts: Payout[];
  /** The split as the buyer sees it (what the seller, the treasury and the creator get). */
  split: Omit<PaymentSplit, 'price' | 'holdId'>;
  plan: Record<string, unknown>;
  memo: string;
  holdTimeoutMs: number;
  at: number;
}

/** A new saga in state holding: the buyer's `price` is to be held in the community's escrow account. */
export function newSaga(draft: SagaDraft): SagaRow {
  const paid = draft.payouts.reduce((sum, payout) => sum + payout.amount, 0);
  assert(draft.price > 0 && paid === draft.price, `payouts ${paid} must add up to the price ${draft.price}`);
  const holdId = `${transferBase(draft.communityId, draft.requestId)}:hold`;
  assert(holdId.length <= 128, 'a transfer id fits the ledger');
  return {
    communityId: draft.communityId,
    requestId: draft.requestId,
    kind: draft.kind,
    state: 'holding',
    buyerId: draft.buyerId,
    hold: {
      id: holdId,
      debitAccountId: accountIdOf(memberOf(draft.communityId, draft.buyerId)),
      creditAccountId: accountIdOf(escrowOf(draft.communityId)),
      amount: draft.price,
      memo: draft.memo,
      timeoutMs: draft.holdTimeoutMs,
    },
    payouts: draft.payouts,
    payment: { price: draft.price, ...draft.split, holdId },
    plan: draft.plan,
    moved: null,
    result: null,
    error: null,
    attempts: 0,
    nextAttemptAt: 0,
    createdAt: draft.at,
    updatedAt: draft.at,
  };
}
