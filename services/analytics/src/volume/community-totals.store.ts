import type { TransferCode } from '@ticketonomics/contracts';
import type { Database, Statement } from 'better-sqlite3';
import type { WriteBehind } from '../store/write-behind';

export interface CommunityTotals {
  journalRows: number;
  transfersTotal: number;
  volumeTotal: number;
  minted: number;
  burned: number;
  taxTotal: number;
  feesTotal: number;
  rewardsCount: number;
  rewardsTotal: number;
  lastEventMs: number | null;
}

const EMPTY: CommunityTotals = {
  journalRows: 0,
  transfersTotal: 0,
  volumeTotal: 0,
  minted: 0,
  burned: 0,
  taxTotal: 0,
  feesTotal: 0,
  rewardsCount: 0,
  rewardsTotal: 0,
  lastEventMs: null,
};

type TotalsSums = Omit<CommunityTotals, 'lastEventMs'>;

/** A community as the batch left it: its guards' values (absolute) and what it added to the sums. */
interface PendingCommunity {
  communityId: string;
  /** The row is stored, or this batch touched it (before that, claims and sums change nothing). */
  exists: boolean;
  lastJournalSeq: number;
  lastEventMs: number | null;
  added: TotalsSums;
}

const SUM_COLUMNS: Record<keyof TotalsSums, string> = {
  journalRows: 'journal_rows',
  transfersTotal: 'transfers_total',
  volumeTotal: 'volume_total',
  minted: 'minted',
  burned: 'burned',
  taxTotal: 'tax_total',
  feesTotal: 'fees_total',
  rewardsCount: 'rewards_count',
  rewardsTotal: 'rewards_total',
};

/** The sum a transfer's code adds its amount to, besides the volume. */
const CODE_SUMS: Partial<Record<TransferCode, keyof TotalsSums>> = {
  mint: 'minted',
  burn: 'burned',
  tax: 'taxTotal',
  fee: 'feesTotal',
};

/**
 * Running totals per community, and the newest journal row counted (so a row is counted once). A batch
 * reads a community's row once, keeps its changes in memory under the same rules the statements had
 * (MAX of the event times, a journal seq counted only above the newest one) and writes it once.
 */
export class CommunityTotalsStore implements WriteBehind {
  private readonly selectGuards: Statement;
  private readonly upsert: Statement;
  private readonly selectOne: Statement;
  private readonly pending = new Map<string, PendingCommunity>();

  constructor(db: Database) {
    this.selectGuards = db.prepare(
      `SELECT last_journal_seq AS lastJournalSeq, last_event_ms AS lastEventMs
       FROM communities WHERE community_id = ?`,
    );
    const sums = Object.entries(SUM_COLUMNS);
    // The guards were worked out from the stored row in this transaction: they are written as they are.
    this.upsert = db.prepare(
      `INSERT INTO communities (community_id, last_journal_seq, last_event_ms, ${sums.map(([, column]) => column).join(', ')})
       VALUES (@communityId, @lastJournalSeq, @lastEventMs, ${sums.map(([field]) => `@${field}`).join(', ')})
       ON CONFLICT (community_id) DO UPDATE SET last_journal_seq = excluded.last_journal_seq,
         last_event_ms = excluded.last_event_ms,
         ${sums.map(([, column]) => `${column} = ${column} + excluded.${column}`).join(', ')}`,
    );
    this.selectOne = db.prepare(
      `SELECT journal_rows AS journalRows, transfers_total AS transfersTotal, volume_total AS volumeTotal,
              minted, burned, tax_total AS taxTotal, fees_total AS feesTotal, rewards_count AS rewardsCount,
              rewards_total AS rewardsTotal, last_event_ms AS lastEventMs
       FROM communities WHERE community_id = ?`,
    );
  }

  /** Note an event of the community at `eventMs`: the row is made if need be, its time is the latest seen. */
  touch(communityId: string, eventMs: number): void {
    const community = this.pendingOf(communityId);
    if (community.exists) {
      community.lastEventMs = Math.max(community.lastEventMs ?? 0, eventMs);
    } else {
      community.exists = true;
      community.lastEventMs = eventMs;
    }
  }

  /**
   * Count a journal row once: true the first time its seq is seen. The ledger publishes its rows in seq
   * order, so a row at or below the newest one counted is a republish.
   */
  claimJournalRow(communityId: string, seq: number): boolean {
    const community = this.pendingOf(communityId);
    if (!community.exists || community.lastJournalSeq >= seq) return false;
    community.lastJournalSeq = seq;
    community.added.journalRows += 1;
    return true;
  }

  addTransfer(communityId: string, code: TransferCode, amount: number): void {
    const community = this.pendingOf(communityId);
    if (!community.exists) return;
    community.added.transfersTotal += 1;
    community.added.volumeTotal += amount;
    const sum = CODE_SUMS[code];
    if (sum !== undefined) community.added[sum] += amount;
  }

  addReward(communityId: string, amount: number): void {
    const community = this.pendingOf(communityId);
    if (!community.exists) return;
    community.added.rewardsCount += 1;
    community.added.rewardsTotal += amount;
  }

  /** The stored totals (a query: outside a write nothing is pending). */
  get(communityId: string): CommunityTotals {
    return (this.selectOne.get(communityId) as CommunityTotals | undefined) ?? EMPTY;
  }

  flush(): void {
    for (const { communityId, exists, lastJournalSeq, lastEventMs, added } of this.pending.values()) {
      if (exists) this.upsert.run({ communityId, lastJournalSeq, lastEventMs, ...added });
    }
    this.pending.clear();
  }

  discard(): void {
    this.pending.clear();
  }

  private pendingOf(communityId: string): PendingCommunity {
    let community = this.pending.get(communityId);
    if (community === undefined) {
      const stored = this.selectGuards.get(communityId) as
        { lastJournalSeq: number; lastEventMs: number | null } | undefined;
      const { lastEventMs: _none, ...noSums } = EMPTY;
      community = {
        communityId,
        exists: stored !== undefined,
        lastJournalSeq: stored?.lastJournalSeq ?? 0,
        lastEventMs: stored?.lastEventMs ?? null,
        added: noSums,
      };
      this.pending.set(communityId, community);
    }
    return community;
  }
}
