import type { PendingState, Transfer, TransferCode, TransferKind } from '@ticketonomics/contracts';
import type { JournalRow } from '../journal/journal.store';

const iso = (ms: number): string => new Date(ms).toISOString();

export function toTransfer(row: JournalRow, pendingState: PendingState | null): Transfer {
  return {
    seq: row.seq,
    id: row.id,
    kind: row.kind as TransferKind,
    communityId: row.communityId,
    debitAccountId: row.debitAccountId,
    creditAccountId: row.creditAccountId,
    amount: row.amount,
    code: row.code as TransferCode,
    memo: row.memo,
    pendingId: row.pendingId,
    pendingState: row.kind === 'pending' ? pendingState : null,
    expiresAt: row.expiresAt === null ? null : iso(row.expiresAt),
    reversesId: row.reversesId,
    linkedTo: row.linkedTo,
    debitBalanceAfter: row.debitBalanceAfter,
    creditBalanceAfter: row.creditBalanceAfter,
    createdAt: iso(row.createdAt),
    hash: row.hash,
  };
}
