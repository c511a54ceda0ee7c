import { Injectable } from '@nestjs/common';
import { setImmediate } from 'node:timers/promises';
import { VERIFY_FINDINGS_MAX, type VerifyReport } from '@ticketonomics/contracts';
import { CommitQueue } from '../commit/commit-queue';
import { JournalAuditor } from '../replication/journal.auditor';
import { JournalReplicator } from '../replication/journal.replicator';
import { LedgerStores } from '../store/ledger.stores';
import { applyRow, zeroAmounts, type Amounts } from './journal-amounts';
import { GENESIS_HASH, hashEntry } from './journal-hash';
import type { JournalRow } from './journal.store';

/** Rows replayed per event-loop turn: bounds memory and how long one turn keeps writes waiting. */
const VERIFY_CHUNK_ROWS = 5_000;

/**
 * Recomputes the hash chain and every balance from the journal alone and compares them with what is
 * stored, then compares the file with the partition's replicated journal in JetStream (JournalAuditor).
 * The journal is append-only, so the rows already written are replayed a chunk per event-loop turn while
 * payments go on; the last rows and the comparison with the stored balances run in one turn once no group
 * is in flight, so they see one committed point, the one the replicated journal ends at. Callers arriving
 * during a verification share it: a public "verify" button cannot pile up replays.
 */
@Injectable()
export class JournalVerifyService {
  private running: Promise<VerifyReport> | null = null;
  private readonly auditor: JournalAuditor;

  constructor(
    private readonly stores: LedgerStores,
    private readonly queue: CommitQueue,
    private readonly replicator: JournalReplicator,
  ) {
    this.auditor = new JournalAuditor(replicator);
  }

  verify(): Promise<VerifyReport> {
    this.running ??= this.run().finally(() => (this.running = null));
    return this.running;
  }

  private async run(): Promise<VerifyReport> {
    const replay = new JournalReplay(this.stores);
    while (replay.nextChunk() === VERIFY_CHUNK_ROWS) await setImmediate();
    // No await from here to the file side's snapshot: no group can start in between.
    await this.queue.settled();
    while (replay.nextChunk() === VERIFY_CHUNK_ROWS);
    const { report, stored } = replay.report();
    const fileSide = {
      position: this.replicator.last,
      checkpoint: this.replicator.fileCheckpoint(),
      entries: report.entries,
      headHash: report.headHash,
      stored,
    };
    const replicated = await this.auditor.compare(fileSide);
    return { ...report, ok: report.ok && replicated.mismatches.length === 0, replicated };
  }
}

type StoredAmounts = {
  id: string;
  communityId: string;
  balance: number;
  pendingDebits: number;
  pendingCredits: number;
};

/** The replay's progress: the chain so far and every account's amounts as the journal has them. */
class JournalReplay {
  private readonly amounts = new Map<string, Amounts>();
  private readonly holdAmounts = new Map<string, number>();
  private readonly chainBreaks: VerifyReport['chainBreaks'] = [];
  private readonly balanceMismatches: VerifyReport['balanceMismatches'] = [];
  private prevHash = GENESIS_HASH;
  private lastSeq = 0;
  private entries = 0;

  constructor(private readonly stores: LedgerStores) {}

  /** Replay the next rows (at most VERIFY_CHUNK_ROWS); returns how many there were. */
  nextChunk(): number {
    const rows = this.stores.journal.rowsAfter(this.lastSeq, VERIFY_CHUNK_ROWS);
    for (const row of rows) this.replayRow(row);
    return rows.length;
  }

  /**
   * Compare the replayed amounts with the stored ones; call with no write in between since the last chunk.
   * Answers the stored amounts too, for the comparison with the replicated journal.
   */
  report(): { report: Omit<VerifyReport, 'replicated'>; stored: StoredAmounts[] } {
    const { balanceMismatches, chainBreaks } = this;
    const sums = new Map<string, number>();
    const accounts = this.stores.accounts.storedAmounts();
    for (const account of accounts) {
      sums.set(account.communityId, (sums.get(account.communityId) ?? 0) + account.balance);
      const replayed = this.amounts.get(account.id) ?? zeroAmounts();
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
    const report = {
      ok:
        chainBreaks.length === 0 &&
        balanceMismatches.length === 0 &&
        sumByCommunity.every((s) => s.sum === 0),
      entries: this.entries,
      headHash: this.prevHash,
      chainBreaks,
      balanceMismatches,
      sumByCommunity,
    };
    return { report, stored: accounts };
  }

  private replayRow(row: JournalRow): void {
    this.entries += 1;
    const expected = hashEntry(this.prevHash, row);
    if (row.prevHash !== this.prevHash || row.hash !== expected) {
      if (this.chainBreaks.length < VERIFY_FINDINGS_MAX)
        this.chainBreaks.push({ seq: row.seq, expected, actual: row.hash });
    }
    this.prevHash = row.hash;
    this.lastSeq = row.seq;
    const debit = this.of(row.debitAccountId);
    const credit = this.of(row.creditAccountId);
    applyRow(row, debit, credit, this.holdAmounts);
    this.checkAfter(row.debitAccountId, `debitBalanceAfter@${row.seq}`, debit.balance, row.debitBalanceAfter);
    this.checkAfter(
      row.creditAccountId,
      `creditBalanceAfter@${row.seq}`,
      credit.balance,
      row.creditBalanceAfter,
    );
  }

  private checkAfter(accountId: string, field: string, journal: number, stored: number): void {
    if (journal !== stored && this.balanceMismatches.length < VERIFY_FINDINGS_MAX) {
      this.balanceMismatches.push({ accountId, field, journal, stored });
    }
  }

  private of(id: string): Amounts {
    let entry = this.amounts.get(id);
    if (entry === undefined) {
      entry = zeroAmounts();
      this.amounts.set(id, entry);
    }
    return entry;
  }
}
