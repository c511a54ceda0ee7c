import type { ProvenanceEntry } from '@ticketonomics/contracts';
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields of a provenance row its hash covers: everything but the hash itself. */
export type HashedProvenance = Omit<ProvenanceEntry, 'hash'>;

/**
 * sha256 over the previous row's hash and this row's fields as provenance.list returns them, encoded as
 * a JSON array (no separator a field's text could imitate). Anyone can recompute it from the list.
 */
export function hashProvenance(entry: HashedProvenance): string {
  const canonical = JSON.stringify([
    entry.prevHash,
    entry.communityId,
    entry.seq,
    entry.editionId,
    entry.kind,
    entry.fromId,
    entry.toId,
    entry.price,
    entry.requestId,
    entry.at,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
