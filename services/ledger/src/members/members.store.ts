import type { Database, Statement } from 'better-sqlite3';

export type MemberRole = 'member' | 'admin' | 'owner';

/** The member facts the ledger keeps for emission eligibility and grant approvals. */
export interface MemberRow {
  communityId: string;
  userId: string;
  role: MemberRole;
  status: 'active' | 'left';
  joinedAt: number;
  lastActiveAt: number | null;
}

/** A member eligible in a period, with what the distribution rules weigh. */
export interface EligibleMemberRow {
  userId: string;
  role: MemberRole;
  lastActiveAt: number | null;
  accountId: string;
  balance: number;
  earned: number;
}

/**
 * Members of each community, fed by the accounts events (joined, left, role changed, rewarded) and by
 * the members' own payments. Synchronous, for use inside the commit queue's transactions.
 */
export class MembersStore {
  private readonly selectOne: Statement;
  private readonly upsertJoined: Statement;
  private readonly insertIfMissing: Statement;
  private readonly updateLeft: Statement;
  private readonly updateRole: Statement;
  private readonly updateActive: Statement;
  private readonly addEarning: Statement;
  private readonly selectEligible: Statement;
  private readonly pruneEarnings: Statement;

  constructor(db: Database) {
    this.selectOne = db.prepare(
      `SELECT community_id AS communityId, user_id AS userId, role, status, joined_at AS joinedAt,
        last_active_at AS lastActiveAt FROM members WHERE community_id = ? AND user_id = ?`,
    );
    this.upsertJoined = db.prepare(
      `INSERT INTO members (community_id, user_id, role, status, joined_at) VALUES (?, ?, ?, 'active', ?)
       ON CONFLICT (community_id, user_id) DO UPDATE SET role = excluded.role, status = 'active',
        joined_at = excluded.joined_at`,
    );
    this.insertIfMissing = db.prepare(
      `INSERT INTO members (community_id, user_id, role, status, joined_at) VALUES (?, ?, 'member', 'active', ?)
       ON CONFLICT (community_id, user_id) DO NOTHING`,
    );
    this.updateLeft = db.prepare(`UPDATE members SET status = 'left' WHERE community_id = ? AND user_id = ?`);
    this.updateRole = db.prepare(`UPDATE members SET role = ? WHERE community_id = ? AND user_id = ?`);
    this.updateActive = db.prepare(
      `UPDATE members SET last_active_at = MAX(COALESCE(last_active_at, 0), @at)
       WHERE community_id = @communityId AND user_id = @userId`,
    );
    this.addEarning = db.prepare(
      `INSERT INTO member_earnings (community_id, user_id, hour, amount) VALUES (?, ?, ?, ?)
       ON CONFLICT (community_id, hour, user_id) DO UPDATE SET amount = amount + excluded.amount`,
    );
    // Eligible in a period: active (not left), joined before the period started, with an account that is
    // not frozen. Ordered by account id, so the split (and its transfer ids) is the same on every replica.
    this.selectEligible = db.prepare(
      `SELECT m.user_id AS userId, m.role, m.last_active_at AS lastActiveAt, a.id AS accountId, a.balance,
        COALESCE((SELECT SUM(e.amount) FROM member_earnings e WHERE e.community_id = m.community_id
          AND e.user_id = m.user_id AND e.hour >= @fromHour AND e.hour < @toHour), 0) AS earned
       FROM members m JOIN accounts a ON a.id = 'user:' || m.community_id || ':' || m.user_id
       WHERE m.community_id = @communityId AND m.status = 'active' AND m.joined_at < @periodStart
        AND a.frozen = 0
       ORDER BY a.id`,
    );
    this.pruneEarnings = db.prepare(`DELETE FROM member_earnings WHERE community_id = ? AND hour < ?`);
  }

  find(communityId: string, userId: string): MemberRow | undefined {
    return this.selectOne.get(communityId, userId) as MemberRow | undefined;
  }

  /**
   * A membership.joined: active with its role, joined when accounts says (a member who left and came back
   * counts from the new join; an account opened before the event arrived takes the event's time).
   */
  joined(communityId: string, userId: string, role: MemberRole, joinedAt: number): void {
    this.upsertJoined.run(communityId, userId, role, joinedAt);
  }

  /** A member's account opened without a membership event (tk.cmd.ledger.account.open): a plain member. */
  ensure(communityId: string, userId: string, joinedAt: number): void {
    this.insertIfMissing.run(communityId, userId, joinedAt);
  }

  left(communityId: string, userId: string): void {
    this.updateLeft.run(communityId, userId);
  }

  roleChanged(communityId: string, userId: string, role: MemberRole): void {
    this.updateRole.run(role, communityId, userId);
  }

  /** The member did something (a reward, a payment): counts for the basic income window. */
  touch(communityId: string, userId: string, at: number): void {
    this.updateActive.run({ communityId, userId, at });
  }

  earned(communityId: string, userId: string, hour: number, amount: number): void {
    this.addEarning.run(communityId, userId, hour, amount);
  }

  /**
   * Members eligible in a period, with their rewards over its hours. Reads the accounts table: the caller
   * flushes the amounts kept in memory first.
   */
  eligible(query: {
    communityId: string;
    periodStart: number;
    fromHour: number;
    toHour: number;
  }): EligibleMemberRow[] {
    return this.selectEligible.all(query) as EligibleMemberRow[];
  }

  /** Forget a community's rewards counted before `hour`; no period left to apply reads them. */
  forgetEarningsBefore(communityId: string, hour: number): void {
    this.pruneEarnings.run(communityId, hour);
  }
}
