import { FLOW_FIELDS, type Flows } from '@ticketonomics/contracts';
import type { Database, Statement } from 'better-sqlite3';
import type { WriteBehind } from '../store/write-behind';

/** A day's row as stored: its start and what a flows.get day shows. */
export type FlowDayRow = { startMs: number } & Flows & { supply: number; treasury: number };

const FIELD_COLUMNS = FLOW_FIELDS.map((field) => (field === 'rewardsMinted' ? 'rewards_minted' : field));

/** A day's changes in the batch: flows to add, the supply and treasury after its last row. */
type PendingDay = FlowDayRow & { communityId: string };

interface Announcement {
  communityId: string;
  mintId: string;
  atMs: number;
}

/**
 * Money flows per community and UTC day, with the supply and treasury after the day's last row; and the
 * reward mints accounts announced, matched to the ledger's rows as they arrive. A batch's flows are added
 * up per day and each day written once when the batch ends; an announcement is kept in memory until then,
 * so one whose mint comes in the same batch (the usual case) is never written.
 */
export class FlowsStore implements WriteBehind {
  private readonly addOne: Statement;
  private readonly range: Statement;
  private readonly before: Statement;
  private readonly announce: Statement;
  private readonly claim: Statement;
  private readonly pruneRewards: Statement;
  private readonly pendingDays = new Map<string, PendingDay>();
  private readonly announced = new Map<string, Announcement>();

  constructor(db: Database) {
    const columns = FIELD_COLUMNS.join(', ');
    this.addOne = db.prepare(
      `INSERT INTO flow_days (community_id, start_ms, ${columns}, supply, treasury)
       VALUES (@communityId, @startMs, ${FLOW_FIELDS.map((field) => `@${field}`).join(', ')}, @supply, @treasury)
       ON CONFLICT (community_id, start_ms) DO UPDATE SET
         ${FIELD_COLUMNS.map((column) => `${column} = ${column} + excluded.${column}`).join(', ')},
         supply = excluded.supply, treasury = excluded.treasury`,
    );
    const select = `SELECT start_ms AS startMs, emitted, rewarded, rewards_minted AS rewardsMinted, minted,
                           taxed, burned, supply, treasury FROM flow_days`;
    this.range = db.prepare(
      `${select} WHERE community_id = ? AND start_ms BETWEEN ? AND ? ORDER BY start_ms`,
    );
    this.before = db.prepare(
      `${select} WHERE community_id = ? AND start_ms < ? ORDER BY start_ms DESC LIMIT 1`,
    );
    this.announce = db.prepare(
      `INSERT INTO reward_mints (community_id, mint_id, announced_ms) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    this.claim = db.prepare('DELETE FROM reward_mints WHERE community_id = ? AND mint_id = ?');
    this.pruneRewards = db.prepare('DELETE FROM reward_mints WHERE announced_ms < ?');
  }

  /** Add a row's flows to its day, and set the day's closing supply and treasury to those after it. */
  add(communityId: string, startMs: number, flows: Flows, after: { supply: number; treasury: number }): void {
    const key = `${communityId}\u0000${startMs}`;
    const pending = this.pendingDays.get(key);
    if (pending === undefined) {
      this.pendingDays.set(key, { communityId, startMs, ...flows, ...after });
      return;
    }
    for (const field of FLOW_FIELDS) pending[field] += flows[field];
    pending.supply = after.supply;
    pending.treasury = after.treasury;
  }

  /** The stored days starting in [fromMs, toMs], oldest first, and the last one before fromMs (or null). */
  days(
    communityId: string,
    fromMs: number,
    toMs: number,
  ): { rows: FlowDayRow[]; previous: FlowDayRow | null } {
    return {
      rows: this.range.all(communityId, fromMs, toMs) as FlowDayRow[],
      previous: (this.before.get(communityId, fromMs) as FlowDayRow | undefined) ?? null,
    };
  }

  /**
   * accounts decided a reward: the ledger's row with this id will be its mint. The first announcement
   * stands (as the insert's DO NOTHING keeps a stored one).
   */
  rewardAnnounced(communityId: string, mintId: string, atMs: number): void {
    const key = `${communityId}\u0000${mintId}`;
    if (!this.announced.has(key)) this.announced.set(key, { communityId, mintId, atMs });
  }

  /** Whether a mint is an announced reward's (then forgotten: a mint id is used once). */
  claimRewardMint(communityId: string, mintId: string): boolean {
    // The stored row goes too: it is there only if the same reward was announced in an earlier batch too.
    const stored = this.claim.run(communityId, mintId).changes === 1;
    return this.announced.delete(`${communityId}\u0000${mintId}`) || stored;
  }

  flush(): void {
    for (const day of this.pendingDays.values()) this.addOne.run(day);
    for (const { communityId, mintId, atMs } of this.announced.values()) {
      this.announce.run(communityId, mintId, atMs);
    }
    this.discard();
  }

  discard(): void {
    this.pendingDays.clear();
    this.announced.clear();
  }

  /** Rewards announced before this and never minted (the ledger refused them) are dropped. */
  pruneRewardsBefore(cutoffMs: number): void {
    this.pruneRewards.run(cutoffMs);
  }
}
