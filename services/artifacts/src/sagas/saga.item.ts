import type { SagaRow } from './sagas.store';

/** The artifacts side of one kind of purchase; every method runs inside a write. */
export interface SagaItem {
  /**
   * Check everything again and do the item step (move or mint editions, write provenance and events).
   * Throws a DomainError when it cannot be done; the hold is then voided.
   */
  apply(saga: SagaRow, at: number): { moved: Record<string, unknown>; result: unknown };
  /** Undo apply() when the hold could not be posted: ownership back, provenance 'reverted', stock back. */
  revert(saga: SagaRow, at: number): void;
  /** Announce the sale once the payees are paid. */
  completed(saga: SagaRow, at: number): void;
}

export const SAGA_ITEMS = Symbol('SAGA_ITEMS');
