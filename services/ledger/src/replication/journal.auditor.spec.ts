import type { JournalGroup } from '@ticketonomics/contracts';
import { GENESIS_HASH, hashEntry, type HashedEntry } from '../journal/journal-hash';
import { JournalAuditor, type FileSide } from './journal.auditor';
import type { JournalReplicator } from './journal.replicator';

/** Journal messages as JetStream would hand them out, in stream order (stream sequence = index + 1). */
function journalOf(groups: JournalGroup[]): Pick<JournalReplicator, 'readGroups'> & { reads: number[][] } {
  const reads: number[][] = [];
  return {
    reads,
    async readGroups(afterSeq, uptoSeq, visit) {
      reads.push([afterSeq, uptoSeq]);
      groups.forEach((group, index) => {
        const seq = index + 1;
        if (seq > afterSeq && seq <= uptoSeq) visit(group, seq);
      });
    },
  };
}

const entry = (seq: number, debit: string, credit: string, amount: number): HashedEntry => ({
  seq,
  id: `t${seq}`,
  kind: 'posted',
  communityId: 'c',
  debitAccountId: debit,
  creditAccountId: credit,
  amount,
  code: 'payment',
  memo: '',
  pendingId: null,
  timeoutMs: null,
  expiresAt: null,
  reversesId: null,
  linkedTo: null,
  debitBalanceAfter: 0,
  creditBalanceAfter: 0,
  createdAt: 0,
});

/** Transfer rows as the journal carries them (the table's columns), chained from `prevHash`. */
function rowsOf(entries: HashedEntry[], prevHash = GENESIS_HASH) {
  let prev = prevHash;
  return entries.map((e) => {
    const hash = hashEntry(prev, e);
    const row = {
      seq: e.seq,
      id: e.id,
      kind: e.kind,
      community_id: e.communityId,
      debit_account_id: e.debitAccountId,
      credit_account_id: e.creditAccountId,
      amount: e.amount,
      code: e.code,
      memo: e.memo,
      pending_id: e.pendingId,
      timeout_ms: e.timeoutMs,
      expires_at: e.expiresAt,
      reverses_id: e.reversesId,
      linked_to: e.linkedTo,
      debit_balance_after: e.debitBalanceAfter,
      credit_balance_after: e.creditBalanceAfter,
      created_at: e.createdAt,
      prev_hash: prev,
      hash,
    };
    prev = hash;
    return { t: 'transfers', o: 'u' as const, r: row };
  });
}

const group = (n: number, changes: JournalGroup['changes']): JournalGroup => ({
  v: 1,
  group: n,
  kind: 'commit',
  changes,
});

describe('JournalAuditor', () => {
  const first = rowsOf([entry(1, 'a', 'b', 5), entry(2, 'b', 'a', 2)]);
  const second = rowsOf([entry(3, 'a', 'b', 1)], String(first[1]!.r.hash));
  const groups = [group(1, first), group(2, second)];
  const honestFile = (): FileSide => ({
    position: { group: 2, streamSeq: 2 },
    checkpoint: { group: 2, streamSeq: 2 },
    entries: 3,
    headHash: String(second[0]!.r.hash),
    stored: [
      { id: 'a', balance: -4, pendingDebits: 0, pendingCredits: 0 },
      { id: 'b', balance: 4, pendingDebits: 0, pendingCredits: 0 },
    ],
  });

  it('agrees with a file that holds what the journal holds, then reads only what is new', async () => {
    const journal = journalOf(groups);
    const auditor = new JournalAuditor(journal);
    expect(
      await auditor.compare({
        ...honestFile(),
        position: { group: 1, streamSeq: 1 },
        checkpoint: { group: 1, streamSeq: 1 },
        entries: 2,
        headHash: String(first[1]!.r.hash),
        stored: [
          { id: 'a', balance: -3, pendingDebits: 0, pendingCredits: 0 },
          { id: 'b', balance: 3, pendingDebits: 0, pendingCredits: 0 },
        ],
      }),
    ).toEqual({ groups: 1, entries: 2, mismatches: [] });
    expect(await auditor.compare(honestFile())).toEqual({ groups: 2, entries: 3, mismatches: [] });
    expect(journal.reads).toEqual([
      [0, 1],
      [1, 2],
    ]);
  });

  it('names every way a file differs: balances, entries, head, checkpoint, a missing account', async () => {
    const auditor = new JournalAuditor(journalOf(groups));
    const { mismatches } = await auditor.compare({
      ...honestFile(),
      checkpoint: { group: 1, streamSeq: 1 },
      entries: 2,
      headHash: 'f'.repeat(64),
      stored: [{ id: 'a', balance: -9, pendingDebits: 0, pendingCredits: 0 }],
    });
    expect(mismatches.map((m) => [m.check, m.accountId])).toEqual([
      ['checkpoint', undefined],
      ['entries', undefined],
      ['headHash', undefined],
      ['balance', 'a'],
      ['account', 'b'],
    ]);
  });

  it('finds a journal whose chain breaks, whose groups skip, or that rewrites a transfer', async () => {
    const forged = rowsOf([entry(3, 'a', 'b', 1)], 'e'.repeat(64));
    const rewritten = rowsOf([entry(1, 'a', 'b', 50)]);
    const auditor = new JournalAuditor(journalOf([group(1, first), group(3, forged), group(4, rewritten)]));
    const { mismatches } = await auditor.compare({
      ...honestFile(),
      position: { group: 4, streamSeq: 3 },
      checkpoint: { group: 4, streamSeq: 3 },
      headHash: String(forged[0]!.r.hash),
    });
    expect(mismatches.map((m) => m.check)).toEqual(
      expect.arrayContaining([
        'journal group order',
        'journal chain at seq 3',
        'journal rewrites transfer seq 1',
      ]),
    );
  });
});
