import type { Database, Statement } from 'better-sqlite3';
import type { EmissionPeriod } from '@ticketonomics/contracts';

/** Where a community's schedule stands. */
export interface EmissionStateRow {
  communityId: string;
  period: EmissionPeriod;
  /** The next period to apply (by index); it is due once it has ended. */
  nextPeriod: number;
  lastAppliedPeriod: number | null;
  periodsApplied: number;
  periodsSkipped: number;
  emittedTotal: number;
  demurrageTotal: number;
}

/** Schedule state, applied periods and treasury grants; synchronous, inside the commit queue's transactions. */
export class EmissionStore {
  private readonly selectState: Statement;
  private readonly upsertState: Statement;
  private readonly insertPeriod: Statement;
  private readonly selectPeriod: Statement;
  private readonly selectScheduled: Statement;
  private readonly selectAbove: Statement;
  private readonly insertGrant: Statement;
  private readonly selectGrant: Statement;

  constructor(db: Database) {
    this.selectState = db.prepare(
      `SELECT community_id AS communityId, period, next_period AS nextPeriod,
        last_applied_period AS lastAppliedPeriod, periods_applied AS periodsApplied,
        periods_skipped AS periodsSkipped, emitted_total AS emittedTotal, demurrage_total AS demurrageTotal
       FROM emission_state WHERE community_id = ?`,
    );
    this.upsertState = db.prepare(
      `INSERT INTO emission_state (community_id, period, next_period, last_applied_period, periods_applied,
        periods_skipped, emitted_total, demurrage_total)
       VALUES (@communityId, @period, @nextPeriod, @lastAppliedPeriod, @periodsApplied, @periodsSkipped,
        @emittedTotal, @demurrageTotal)
       ON CONFLICT (community_id) DO UPDATE SET period = excluded.period, next_period = excluded.next_period,
        last_applied_period = excluded.last_applied_period, periods_applied = excluded.periods_applied,
        periods_skipped = excluded.periods_skipped, emitted_total = excluded.emitted_total,
        demurrage_total = excluded.demurrage_total`,
    );
    // The primary key (community, period kind, index) is the exactly-once key of a period.
    this.insertPeriod = db.prepare(
      `INSERT INTO emission_periods (community_id, period, period_index, emitted, demurrage, applied_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.selectPeriod = db.prepare(
      `SELECT 1 FROM emission_periods WHERE community_id = ? AND period = ? AND period_index = ?`,
    );
    // Communities whose policy runs a schedule: emission on, or a holding fee set.
    this.selectScheduled = db.prepare(
      `SELECT community_id AS communityId FROM policies
       WHERE json_extract(emission, '$.mode') IN ('fixed', 'rate') OR demurrage IS NOT NULL
       ORDER BY community_id`,
    );
    this.selectAbove = db.prepare(
      `SELECT id FROM accounts WHERE community_id = ? AND kind = 'user' AND balance > ? ORDER BY id`,
    );
    this.insertGrant = db.prepare(
      `INSERT INTO treasury_grants (id, community_id, kind, approved_by, created_at) VALUES (?, ?, ?, ?, ?)`,
    );
    this.selectGrant = db.prepare(`SELECT kind, approved_by AS approvedBy FROM treasury_grants WHERE id = ?`);
  }

  state(communityId: string): EmissionStateRow | undefined {
    return this.selectState.get(communityId) as EmissionStateRow | undefined;
  }

  saveState(state: EmissionStateRow): void {
    this.upsertState.run(state);
  }

  isApplied(communityId: string, period: EmissionPeriod, index: number): boolean {
    return this.selectPeriod.get(communityId, period, index) !== undefined;
  }

  recordPeriod(
    communityId: string,
    period: EmissionPeriod,
    index: number,
    totals: { emitted: number; demurrage: number },
    at: number,
  ): void {
    this.insertPeriod.run(communityId, period, index, totals.emitted, totals.demurrage, at);
  }

  scheduledCommunities(): string[] {
    return (this.selectScheduled.all() as { communityId: string }[]).map((row) => row.communityId);
  }

  /** Member accounts whose posted balance is above `threshold`, in id order; reads the table (flush first). */
  memberAccountsAbove(communityId: string, threshold: number): string[] {
    return (this.selectAbove.all(communityId, threshold) as { id: string }[]).map((row) => row.id);
  }

  recordGrant(grant: {
    id: string;
    communityId: string;
    kind: string;
    approvedBy: string;
    at: number;
  }): void {
    this.insertGrant.run(grant.id, grant.communityId, grant.kind, grant.approvedBy, grant.at);
  }

  grant(id: string): { kind: string; approvedBy: string } | undefined {
    return this.selectGrant.get(id) as { kind: string; approvedBy: string } | undefined;
  }
}
