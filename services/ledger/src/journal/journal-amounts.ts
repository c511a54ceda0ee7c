import type { HashedEntry } from './journal-hash';

/** An account's amounts as replaying the journal gives them. */
export interface Amounts {
  balance: number;
  pendingDebits: number;
  pendingCredits: number;
}

export function zeroAmounts(): Amounts {
  return { balance: 0, pendingDebits: 0, pendingCredits: 0 };
}

/** What one journal row does to its two accounts; the same rules the engine applies when writing. */
export function applyRow(
  row: Pick<HashedEntry, 'seq' | 'id' | 'kind' | 'amount' | 'pendingId'>,
  debit: Amounts,
  credit: Amounts,
  holdAmounts: Map<string, number>,
): void {
  switch (row.kind) {
    case 'posted':
      debit.balance -= row.amount;
      credit.balance += row.amount;
      return;
    case 'pending':
      holdAmounts.set(row.id, row.amount);
      debit.pendingDebits += row.amount;
      credit.pendingCredits += row.amount;
      return;
    case 'post_pending':
    case 'void_pending': {
      const held = holdAmounts.get(row.pendingId ?? '') ?? 0;
      debit.pendingDebits -= held;
      credit.pendingCredits -= held;
      if (row.kind === 'post_pending') {
        debit.balance -= row.amount;
        credit.balance += row.amount;
      }
      return;
    }
    default:
      throw new Error(`unknown journal row kind ${row.kind} at seq ${row.seq}`);
  }
}
