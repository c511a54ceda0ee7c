import type { Account, AccountKind, AccountSnapshot } from '@ticketonomics/contracts';

/** An accounts row as the SQL layer reads it. */
export interface AccountRow {
  id: string;
  communityId: string;
  kind: string;
  ownerId: string | null;
  frozen: number;
  balance: number;
  pendingDebits: number;
  pendingCredits: number;
  createdAt: number;
}

export function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    communityId: row.communityId,
    kind: row.kind as AccountKind,
    ownerId: row.ownerId,
    frozen: row.frozen === 1,
    balance: row.balance,
    pendingDebits: row.pendingDebits,
    pendingCredits: row.pendingCredits,
    available: availableOf(row),
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

export function toSnapshot(row: AccountRow): AccountSnapshot {
  return {
    id: row.id,
    kind: row.kind as AccountKind,
    ownerId: row.ownerId,
    balance: row.balance,
    pendingDebits: row.pendingDebits,
    pendingCredits: row.pendingCredits,
  };
}

/** What an account can send now: its posted balance less what its holds reserve. */
export function availableOf(row: Pick<AccountRow, 'balance' | 'pendingDebits'>): number {
  return row.balance - row.pendingDebits;
}
