import { GENESIS_HASH, hashEntry, type HashedEntry } from './journal-hash';

const entry: HashedEntry = {
  seq: 1,
  id: 't1',
  kind: 'posted',
  communityId: 'c',
  debitAccountId: 'issuance:c',
  creditAccountId: 'user:c:a',
  amount: 100,
  code: 'mint',
  memo: 'hello',
  pendingId: null,
  timeoutMs: null,
  expiresAt: null,
  reversesId: null,
  linkedTo: null,
  debitBalanceAfter: -100,
  creditBalanceAfter: 100,
  createdAt: 1_700_000_000_000,
};

describe('hashEntry', () => {
  it('is a stable sha256 hex digest', () => {
    const hash = hashEntry(GENESIS_HASH, entry);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashEntry(GENESIS_HASH, { ...entry })).toBe(hash);
  });

  it('changes with the previous hash and with every field', () => {
    const hash = hashEntry(GENESIS_HASH, entry);
    expect(hashEntry('1'.repeat(64), entry)).not.toBe(hash);
    const changes: Partial<HashedEntry>[] = [
      { seq: 2 },
      { id: 't2' },
      { amount: 101 },
      { memo: 'hellO' },
      { creditAccountId: 'user:c:b' },
      { debitBalanceAfter: -101 },
      { pendingId: 'x' },
      { createdAt: entry.createdAt + 1 },
    ];
    for (const change of changes) expect(hashEntry(GENESIS_HASH, { ...entry, ...change })).not.toBe(hash);
  });

  it('cannot be fooled by moving text between fields', () => {
    const a = hashEntry(GENESIS_HASH, { ...entry, memo: 'a","b', code: 'mint' });
    const b = hashEntry(GENESIS_HASH, { ...entry, memo: 'a', code: 'b","mint' });
    expect(a).not.toBe(b);
  });
});
