import type { TransferCode } from '@ticketonomics/contracts';
import type { Database, Statement } from 'better-sqlite3';

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

/** Running totals per community, and the newest journal row counted (so a row is counted once). */
export class CommunityTotalsStore {
  private readonly claim: Statement;
  private readonly addTransferOne: Statement;
  private readonly addRewardOne: Statement;
  private readonly touchOne: Statement;
  private readonly selectOne: Statement;

  constructor(db: Database) {
    this.claim = db.prepare(
      `UPDATE communities SET last_journal_seq = @seq, journal_rows = journal_rows + 1
       WHERE community_id = @communityId AND last_journal_seq < @seq`,
    );
    this.addTransferOne = db.prepare(
      `UPDATE communities SET transfers_total = transfers_total + 1, volume_total = volume_total + @amount,
         minted = minted + CASE @code WHEN 'mint' THEN @amount ELSE 0 END,
         burned = burned + CASE @code WHEN 'burn' THEN @amount ELSE 0 END,
         tax_total = tax_total + CASE @code WHEN 'tax' THEN @amount ELSE 0 END,
         fees_total = fees_total + CASE @code WHEN 'fee' THEN @amount ELSE 0 END
       WHERE community_id = @communityId`,
    );
    this.addRewardOne = db.prepare(
      `UPDATE communities SET rewards_count = rewards_count + 1, rewards_total = rewards_total + ?
       WHERE community_id = ?`,
    );
    // One statement for the row and its time: every event touches its community.
    this.touchOne = db.prepare(
      `INSERT INTO communities (community_id, last_event_ms) VALUES (?, ?)
       ON CONFLICT (community_id) DO UPDATE
         SET last_event_ms = MAX(COALESCE(last_event_ms, 0), excluded.last_event_ms)`,
    );
    this.selectOne = db.prepare(
      `SELECT journal_rows AS journalRows, transfers_total AS transfersTotal, volume_total AS volumeTotal,
              minted, burned, tax_total AS taxTotal, fees_total AS feesTotal, rewards_count AS rewardsCount,
              rewards_total AS rewardsTotal, last_event_ms AS lastEventMs
       FROM communities WHERE community_id = ?`,
    );
  }

  /** Note an event of the community at `eventMs`. */
  touch(communityId: string, eventMs: number): void {
    this.touchOne.run(communityId, eventMs);
  }

  /**
   * Count a journal row once: true the first time its seq is seen. The ledger publishes its rows in seq
   * order, so a row at or below the newest one counted is a republish.
   */
  claimJournalRow(communityId: string, seq: number): boolean {
    return this.claim.run({ communityId, seq }).changes === 1;
  }

  addTransfer(communityId: string, code: TransferCode, amount: number): void {
    this.addTransferOne.run({ communityId, code, amount });
  }

  addReward(communityId: string, amount: number): void {
    this.addRewardOne.run(amount, communityId);
  }

  get(communityId: string): CommunityTotals {
    return (this.selectOne.get(communityId) as CommunityTotals | undefined) ?? EMPTY;
  }
}
