import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields of a journal row that its hash covers: everything but the hash itself. */
export interface HashedEntry {
  seq: number;
  id: string;
  kind: string;
  communityId: string;
  debitAccountId: string;
  creditAccountId: string;
  amount: number;
  code: string;
  memo: string;
  pendingId: string | null;
  timeoutMs: number | null;
  expiresAt: number | null;
  reversesId: string | null;
  linkedTo: string | null;
  debitBalanceAfter: number;
  creditBalanceAfter: number;
  createdAt: number;
}

/**
 * sha256 over the previous row's hash and this row's fields, encoded as a JSON array so no memo text can
 * make two different rows hash alike. Anyone can recompute it from an export of the journal.
 */
export function hashEntry(prevHash: string, entry: HashedEntry): string {
  const canonical = JSON.stringify([
    prevHash,
    entry.seq,
    entry.id,
    entry.kind,
    entry.communityId,
    entry.debitAccountId,
    entry.creditAccountId,
    entry.amount,
    entry.code,
    entry.memo,
    entry.pendingId,
    entry.timeoutMs,
    entry.expiresAt,
    entry.reversesId,
    entry.linkedTo,
    entry.debitBalanceAfter,
    entry.creditBalanceAfter,
    entry.createdAt,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
