import { VERIFY_FINDINGS_MAX, type JournalGroup, type VerifyReport } from '@ticketonomics/contracts';
import { applyRow, zeroAmounts, type Amounts } from '../journal/journal-amounts';
import { GENESIS_HASH, hashEntry, type HashedEntry } from '../journal/journal-hash';
import type { JournalPosition, JournalReplicator } from './journal.replicator';

export type ReplicaMismatch = VerifyReport['replicated']['mismatches'][number];

/** What the file showed at the verification's point, with no group in flight. */
export interface FileSide {
  position: JournalPosition;
  /** The position the file's own checkpoint row records. */
  checkpoint: JournalPosition;
  entries: number;
  headHash: string;
  stored: { id: string; balance: number; pendingDebits: number; pendingCredits: number }[];
}

/**
 * The partition's money as its replicated journal alone tells it: every transfer row the journal's groups
 * inserted, its hash chain recomputed and the accounts' amounts replayed, then compared with the SQLite
 * file. The journal is what was acknowledged and is replicated by JetStream; a file edited behind the
 * ledger's back (rows, balances, its checkpoint), even with its own chain rebuilt, no longer matches it.
 * The journal is append-only, so the audit keeps its state and reads only the groups added since the
 * last verification.
 */
export class JournalAuditor {
  private streamSeq = 0;
  private group = 0;
  private entries = 0;
  private lastSeq = 0;
  private headHash = GENESIS_HASH;
  private readonly amounts = new Map<string, Amounts>();
  private readonly holdAmounts = new Map<string, number>();
  /** Findings about the journal itself (its chain, its group numbers); kept, they do not heal. */
  private readonly journalFindings: ReplicaMismatch[] = [];

  /** Only the journal's reads: the audit never appends. */
  constructor(private readonly replicator: Pick<JournalReplicator, 'readGroups'>) {}

  async compare(file: FileSide): Promise<{ groups: number; entries: number; mismatches: ReplicaMismatch[] }> {
    if (file.position.streamSeq < this.streamSeq) this.reset();
    await this.replicator.readGroups(this.streamSeq, file.position.streamSeq, (group, streamSeq) =>
      this.apply(group, streamSeq),
    );
    const mismatches = [...this.journalFindings];
    const add = (check: string, journal: unknown, stored: unknown, accountId?: string) => {
      if (mismatches.length < VERIFY_FINDINGS_MAX) {
        mismatches.push({
          check,
          ...(accountId === undefined ? {} : { accountId }),
          journal: String(journal),
          file: String(stored),
        });
      }
    };
    if (this.streamSeq !== file.position.streamSeq) {
      add('journal position', this.streamSeq, file.position.streamSeq);
    }
    if (file.checkpoint.group !== this.group || file.checkpoint.streamSeq !== this.streamSeq) {
      add(
        'checkpoint',
        `group ${this.group} at ${this.streamSeq}`,
        `group ${file.checkpoint.group} at ${file.checkpoint.streamSeq}`,
      );
    }
    if (file.entries !== this.entries) add('entries', this.entries, file.entries);
    if (file.headHash !== this.headHash) add('headHash', this.headHash, file.headHash);
    const seen = new Set<string>();
    for (const account of file.stored) {
      seen.add(account.id);
      const replayed = this.amounts.get(account.id) ?? zeroAmounts();
      for (const field of ['balance', 'pendingDebits', 'pendingCredits'] as const) {
        if (replayed[field] !== account[field]) add(field, replayed[field], account[field], account.id);
      }
    }
    for (const [accountId, replayed] of this.amounts) {
      if (!seen.has(accountId)) add('account', `balance ${replayed.balance}`, 'missing', accountId);
    }
    return { groups: this.group, entries: this.entries, mismatches };
  }

  private reset(): void {
    this.streamSeq = 0;
    this.group = 0;
    this.entries = 0;
    this.lastSeq = 0;
    this.headHash = GENESIS_HASH;
    this.amounts.clear();
    this.holdAmounts.clear();
    this.journalFindings.length = 0;
  }

  private finding(check: string, journal: unknown, file: unknown): void {
    if (this.journalFindings.length < VERIFY_FINDINGS_MAX) {
      this.journalFindings.push({ check, journal: String(journal), file: String(file) });
    }
  }

  private apply(group: JournalGroup, streamSeq: number): void {
    if (group.group !== this.group + 1) this.finding('journal group order', this.group + 1, group.group);
    this.group = group.group;
    this.streamSeq = streamSeq;
    for (const change of group.changes) {
      if (change.t !== 'transfers') continue;
      const entry = entryOfRow(change.r);
      if (change.o !== 'u' || entry.seq <= this.lastSeq) {
        // The transfers table is append-only: a journal rewriting or removing a row is a finding.
        this.finding(`journal rewrites transfer seq ${entry.seq}`, 'append-only', change.o);
        continue;
      }
      this.entries += 1;
      const expected = hashEntry(this.headHash, entry);
      if (change.r.prev_hash !== this.headHash || change.r.hash !== expected) {
        this.finding(`journal chain at seq ${entry.seq}`, expected, change.r.hash);
      }
      this.headHash = String(change.r.hash);
      this.lastSeq = entry.seq;
      applyRow(entry, this.of(entry.debitAccountId), this.of(entry.creditAccountId), this.holdAmounts);
    }
  }

  private of(id: string): Amounts {
    let amounts = this.amounts.get(id);
    if (amounts === undefined) {
      amounts = zeroAmounts();
      this.amounts.set(id, amounts);
    }
    return amounts;
  }
}

/** A transfers row as the journal carries it (the table's columns) in the shape its hash covers. */
function entryOfRow(r: Record<string, unknown>): HashedEntry {
  return {
    seq: r.seq as number,
    id: r.id as string,
    kind: r.kind as string,
    communityId: r.community_id as string,
    debitAccountId: r.debit_account_id as string,
    creditAccountId: r.credit_account_id as string,
    amount: r.amount as number,
    code: r.code as string,
    memo: r.memo as string,
    pendingId: r.pending_id as string | null,
    timeoutMs: r.timeout_ms as number | null,
    expiresAt: r.expires_at as number | null,
    reversesId: r.reverses_id as string | null,
    linkedTo: r.linked_to as string | null,
    debitBalanceAfter: r.debit_balance_after as number,
    creditBalanceAfter: r.credit_balance_after as number,
    createdAt: r.created_at as number,
  };
}
