import type { ProvenanceEntry } from '@ticketonomics/contracts';
import { GENESIS_HASH, hashProvenance } from './provenance-hash';

const entry: Omit<ProvenanceEntry, 'hash'> = {
  communityId: 'demo',
  seq: 1,
  editionId: 1,
  kind: 'bought',
  fromId: null,
  toId: 'alice',
  price: 25,
  requestId: 'buy-1',
  at: '2026-11-28T12:00:00.000Z',
  prevHash: GENESIS_HASH,
};

describe('hashProvenance', () => {
  it('is a stable sha256 hex of the row', () => {
    expect(hashProvenance(entry)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashProvenance({ ...entry })).toBe(hashProvenance(entry));
  });

  it('changes with every field, including the previous hash', () => {
    const base = hashProvenance(entry);
    const changes: Partial<typeof entry>[] = [
      { prevHash: '1'.repeat(64) },
      { communityId: 'other' },
      { seq: 2 },
      { editionId: 2 },
      { kind: 'gifted' },
      { fromId: 'bob' },
      { toId: 'bob' },
      { price: 26 },
      { price: null },
      { requestId: 'buy-2' },
      { at: '2026-11-28T12:00:00.001Z' },
    ];
    for (const change of changes) expect(hashProvenance({ ...entry, ...change })).not.toBe(base);
  });

  it('cannot be fooled by moving text between fields', () => {
    const a = hashProvenance({ ...entry, fromId: 'ab', toId: 'c' });
    const b = hashProvenance({ ...entry, fromId: 'a', toId: 'bc' });
    expect(a).not.toBe(b);
  });
});
