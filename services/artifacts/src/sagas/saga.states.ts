import { strict as assert } from 'node:assert';

/**
 * A purchase paid through a ledger hold:
 *   holding    -> the hold is being placed (whether it exists is not known until the ledger answers)
 *   item_moved -> the edition(s) moved in the same transaction as this state; the hold is still open
 *   posted     -> the hold is settled into escrow; only the payout to the payees is left
 *   completed  -> paid out; failed -> nothing moved (the hold was refused, voided or expired)
 */
export const SAGA_STATES = ['holding', 'item_moved', 'posted', 'completed', 'failed'] as const;
export type SagaState = (typeof SAGA_STATES)[number];

export const SAGA_KINDS = ['shop_buy', 'listing_buy', 'trade_accept', 'type_create'] as const;
export type SagaKind = (typeof SAGA_KINDS)[number];

export type SagaEvent =
  /** The item step committed. */
  | 'item_moved'
  /** The ledger settled the hold. */
  | 'posted'
  /** The payees were paid from escrow. */
  | 'paid_out'
  /** The hold was refused, or voided after the item step could not be done. */
  | 'compensated'
  /** The hold could not be posted (expired or voided), so the item step was undone. */
  | 'reverted';

const TRANSITIONS: Record<SagaState, Partial<Record<SagaEvent, SagaState>>> = {
  holding: { item_moved: 'item_moved', compensated: 'failed' },
  item_moved: { posted: 'posted', reverted: 'failed' },
  posted: { paid_out: 'completed' },
  completed: {},
  failed: {},
};

export function isFinal(state: SagaState): boolean {
  return state === 'completed' || state === 'failed';
}

/** The state after `event`; anything else is a bug in the saga runner, not a runtime condition. */
export function nextSagaState(state: SagaState, event: SagaEvent): SagaState {
  const next = TRANSITIONS[state][event];
  assert(next !== undefined, `saga cannot go from ${state} on ${event}`);
  return next;
}

/** Retry delay after `attempts` failed attempts: doubling from `baseMs`, at most `maxMs`. */
export function backoffMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempts - 1, 0), 30));
}
