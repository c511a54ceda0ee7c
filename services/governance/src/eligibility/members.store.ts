import type { Database, Statement } from 'better-sqlite3';

export interface MemberRow {
  communityId: string;
  userId: string;
  role: string;
  active: boolean;
  joinedAt: number;
  lastActiveAt: number | null;
}

/** The community's members as accounts' events report them. */
export class MembersStore {
  private readonly upsertOne: Statement;
  private readonly touchOne: Statement;
  private readonly selectOne: Statement;
  private readonly selectEligible: Statement;

  constructor(db: Database) {
    this.upsertOne = db.prepare(
      `INSERT INTO members (community_id, user_id, role, active, joined_at, last_active_at)
       VALUES (@communityId, @userId, @role, @active, @joinedAt, NULL)
       ON CONFLICT (community_id, user_id) DO UPDATE SET role = excluded.role, active = excluded.active,
        joined_at = excluded.joined_at`,
    );
    // A reward of someone governance has not seen join (an older stream) still marks them active.
    this.touchOne = db.prepare(
      `UPDATE members SET last_active_at = MAX(COALESCE(last_active_at, 0), ?)
       WHERE community_id = ? AND user_id = ?`,
    );
    this.selectOne = db.prepare(
      `SELECT community_id AS communityId, user_id AS userId, role, active, joined_at AS joinedAt,
        last_active_at AS lastActiveAt FROM members WHERE community_id = ? AND user_id = ?`,
    );
    this.selectEligible = db.prepare(
      `SELECT user_id AS userId FROM members
       WHERE community_id = @communityId AND active = 1 AND joined_at <= @joinedBy
         AND (@activeSince IS NULL OR last_active_at >= @activeSince)
       ORDER BY user_id`,
    );
  }

  save(row: Omit<MemberRow, 'lastActiveAt'>): void {
    this.upsertOne.run({ ...row, active: row.active ? 1 : 0 });
  }

  touch(communityId: string, userId: string, atMs: number): void {
    this.touchOne.run(atMs, communityId, userId);
  }

  find(communityId: string, userId: string): MemberRow | null {
    const row = this.selectOne.get(communityId, userId) as
      (Omit<MemberRow, 'active'> & { active: number }) | undefined;
    return row === undefined ? null : { ...row, active: row.active === 1 };
  }

  /** Members active now who joined by `joinedBy` and (when asked) had a reward since `activeSince`. */
  eligible(communityId: string, joinedBy: number, activeSince: number | null): string[] {
    return (this.selectEligible.all({ communityId, joinedBy, activeSince }) as Array<{ userId: string }>).map(
      (row) => row.userId,
    );
  }
}
