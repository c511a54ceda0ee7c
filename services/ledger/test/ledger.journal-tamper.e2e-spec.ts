import { type VerifyReport } from '@ticketonomics/contracts';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { hashEntry } from '../src/journal/journal-hash';
import { JOURNAL_COLUMNS, type JournalRow } from '../src/journal/journal.store';
import { LEDGER_DB_FILE } from '../src/store/ledger.migrations';
import { S, seedMembers, startOneDiskLedger, type OneDiskLedger } from './support/faults.support';

/**
 * The ledger's SQLite file edited behind its back, the way a careful forger would: one payment's amount
 * raised, every later balance-after and hash recomputed so the file's own chain is whole, the two
 * accounts' balances moved to match (still summing to zero). The file alone then checks out; only the
 * replicated journal in JetStream, which holds what was acknowledged, shows the forgery, and
 * journal.verify says so.
 */
const COMMUNITY = 'tamper-a';
const MEMBERS = 3;
const INITIAL = 1_000;
const PAYMENTS = 30;
const RAISED_BY = 400;

/** Raise one payment by `by` and rewrite the file so that its own checks still pass. */
function forge(file: string, by: number): { seq: number } {
  const db = new Database(file);
  try {
    const rows = db.prepare(`SELECT ${JOURNAL_COLUMNS} FROM transfers ORDER BY seq`).all() as JournalRow[];
    const target = rows.find((row) => row.code === 'payment')!;
    const { debitAccountId: from, creditAccountId: to } = target;
    const shift = (account: string) => (account === from ? -by : account === to ? by : 0);
    const triggers = db
      .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'transfers'")
      .all() as { sql: string }[];
    const update = db.prepare(
      `UPDATE transfers SET amount = @amount, debit_balance_after = @debitBalanceAfter,
        credit_balance_after = @creditBalanceAfter, prev_hash = @prevHash, hash = @hash WHERE seq = @seq`,
    );
    db.transaction(() => {
      db.exec('DROP TRIGGER transfers_no_update; DROP TRIGGER transfers_no_delete;');
      let prevHash: string | null = null;
      for (const row of rows.filter((r) => r.seq >= target.seq)) {
        const forged: JournalRow = {
          ...row,
          amount: row.seq === target.seq ? row.amount + by : row.amount,
          debitBalanceAfter: row.debitBalanceAfter + shift(row.debitAccountId),
          creditBalanceAfter: row.creditBalanceAfter + shift(row.creditAccountId),
          prevHash: prevHash ?? row.prevHash,
        };
        forged.hash = hashEntry(forged.prevHash, forged);
        prevHash = forged.hash;
        update.run(forged);
      }
      db.prepare('UPDATE accounts SET balance = balance - ? WHERE id = ?').run(by, from);
      db.prepare('UPDATE accounts SET balance = balance + ? WHERE id = ?').run(by, to);
      for (const trigger of triggers) db.exec(trigger.sql);
    })();
    return { seq: target.seq };
  } finally {
    db.close();
  }
}

describe('journal.verify against the replicated journal', () => {
  let disk: OneDiskLedger;

  beforeAll(async () => {
    disk = await startOneDiskLedger('tk-ledger-tamper');
  }, 60_000);

  afterAll(async () => {
    await disk?.dispose();
  });

  it('finds a file forged with its own chain rebuilt, which the file alone does not show', async () => {
    const first = await disk.spawn('before');
    const members = (await seedMembers(disk.client, [COMMUNITY], MEMBERS, INITIAL)).get(COMMUNITY)!;
    for (let i = 0; i < PAYMENTS; i += 1) {
      await disk.client.ok(S('transfer.create'), {
        id: `tamper-pay-${i}`,
        debitAccountId: members[i % MEMBERS],
        creditAccountId: members[(i + 1) % MEMBERS],
        amount: 1 + (i % 5),
        code: 'payment',
      });
    }
    const honest = await disk.client.ok<VerifyReport>(S('journal.verify'), {});
    expect(honest).toMatchObject({ ok: true, replicated: { mismatches: [] } });
    expect(honest.replicated.entries).toBe(honest.entries);
    expect(honest.replicated.groups).toBeGreaterThan(0);
    // Verifying again reads only what the journal gained since: still the same answer.
    expect(await disk.client.ok<VerifyReport>(S('journal.verify'), {})).toMatchObject({
      ok: true,
      entries: honest.entries,
      replicated: { entries: honest.entries, mismatches: [] },
    });

    await first.proc.stop();
    const { seq } = forge(join(disk.dataDir, LEDGER_DB_FILE), RAISED_BY);
    await disk.spawn('after');

    const report = await disk.client.ok<VerifyReport>(S('journal.verify'), {});
    // The file's own checks pass: its chain re-hashes, its balances follow from its rows, it sums to zero.
    expect(report).toMatchObject({ chainBreaks: [], balanceMismatches: [], entries: honest.entries });
    expect(report.sumByCommunity.every((row) => row.sum === 0)).toBe(true);
    // The replicated journal does not agree.
    expect(report.ok).toBe(false);
    const checks = report.replicated.mismatches.map((mismatch) => mismatch.check);
    expect(checks).toEqual(expect.arrayContaining(['headHash', 'balance']));
    expect(report.replicated.mismatches.filter((m) => m.check === 'balance')).toHaveLength(2);
    process.stdout.write(`forged payment at seq ${seq} found: ${checks.join(', ')}\n`);
  }, 120_000);
});
