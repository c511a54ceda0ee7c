import { Injectable } from '@nestjs/common';
import { VERIFY_FINDINGS_MAX, type VerifyReport } from '@ticketonomics/contracts';
import type { AccountRow } from '../accounts/account.mapper';
import { CommitQueue } from '../commit/commit-queue';
import { LedgerStores } from '../store/ledger.stores';
import { GENESIS_HASH, hashEntry } from './journal-hash';
import { JOURNAL_COLUMNS, type JournalRow } from './journal.store';

/** Rows read per statement while replaying, to bound memory on a long journal. */
const VERIFY_CHUNK_ROWS = 5_000;

type Amounts = { balance: number; pendingDebits: number; pendingCredits: number };

/**
 * Recomputes the hash chain and every balance from the journal alone and compares them with what is
 * stored. It runs as one item of the commit queue, so it sees a consistent state with no write between.
 */
@Injectable()
export class JournalVerifyService {
  constructor(
    private readonly stores: LedgerStores,
    private readonly queue: CommitQueue,
  ) {}

  verify(): Promise<VerifyReport> {
    return this.queue.submit(() => this.replay());
  }

  private replay(): VerifyReport {
    const db = this.stores.db;
    const select = db.prepare(`SELECT ${JOURNAL_COLUMNS} FROM transfers WHERE seq > ? ORDER BY seq LIMIT ?`);
    const amounts = new Map<string, Amounts>();
    const holdAmounts = new Map<string, number>();
    const chainBreaks: VerifyReport['chainBreaks'] = [];
    const balanceMismatches: VerifyReport['balanceMismatches'] = [];
    const of = (id: string): Amounts => {
      let entry = amounts.get(id);
      if (entry === undefined) {
        entry = { balance: 0, pendingDebits: 0, pendingCredits: 0 };
        amounts.set(id, entry);
      }
      return entry;
    };
    let prevHash = GENESIS_HASH;
    let lastSeq = 0;
    let entries = 0;
    for (;;) {
      const rows = select.all(lastSeq, VERIFY_CHUNK_ROWS) as JournalRow[];
      if (rows.length === 0) break;
      for (const row of rows) {
        entries += 1;
        const expected = hashEntry(prevHash, row);
        if (row.prevHash !== prevHash || row.hash !== expected) {
          if (chainBreaks.length < VERIFY_FINDINGS_MAX)
            chainBreaks.push({ seq: row.seq, expected, actual: row.hash });
        }
        prevHash = row.hash;
        lastSeq = row.seq;
        const debit = of(row.debitAccountId);
        const credit = of(row.creditAccountId);
        applyRow(row, debit, credit, holdAmounts);
        if (debit.balance !== row.debitBalanceAfter && balanceMismatches.length < VERIFY_FINDINGS_MAX) {
          balanceMismatches.push({
            accountId: row.debitAccountId,
            field: `debitBalanceAfter@${row.seq}`,
            journal: debit.balance,
            stored: row.debitBalanceAfter,
          });
        }
        if (credit.balance !== row.creditBalanceAfter && balanceMismatches.length < VERIFY_FINDINGS_MAX) {
          balanceMismatches.push({
            accountId: row.creditAccountId,
            field: `creditBalanceAfter@${row.seq}`,
            journal: credit.balance,
            stored: row.creditBalanceAfter,
          });
        }
      }
    }
    const sums = new Map<string, number>();
    const accounts = db
      .prepare(
        `SELECT id, community_id AS communityId, balance, pending_debits AS pendingDebits, pending_credits AS pendingCredits FROM accounts`,
      )
      .all() as Pick<AccountRow, 'id' | 'communityId' | 'balance' | 'pendingDebits' | 'pendingCredits'>[];
    for (const account of accounts) {
      sums.set(account.communityId, (sums.get(account.communityId) ?? 0) + account.balance);
      const replayed = amounts.get(account.id) ?? { balance: 0, pendingDebits: 0, pendingCredits: 0 };
      for (const field of ['balance', 'pendingDebits', 'pendingCredits'] as const) {
        if (replayed[field] !== account[field] && balanceMismatches.length < VERIFY_FINDINGS_MAX) {
          balanceMismatches.push({
            accountId: account.id,
            field,
            journal: replayed[field],
            stored: account[field],
          });
        }
      }
    }
    const sumByCommunity = [...sums].map(([communityId, sum]) => ({ communityId, sum }));
    return {
      ok:
        chainBreaks.length === 0 &&
        balanceMismatches.length === 0 &&
        sumByCommunity.every((s) => s.sum === 0),
      entries,
      headHash: prevHash,
      chainBreaks,
      balanceMismatches,
      sumByCommunity,
    };
  }
}

/** What one journal row does to its two accounts; the same rules the engine applies when writing. */
function applyRow(row: JournalRow, debit: Amounts, credit: Amounts, holdAmounts: Map<string, number>): void {
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
