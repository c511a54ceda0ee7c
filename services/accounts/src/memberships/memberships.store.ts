import type { Database, Statement } from 'better-sqlite3';
import {
  DomainError,
  type Membership,
  type MembershipRole,
  type MembershipStatus,
} from '@ticketonomics/contracts';

export interface MembershipRow {
  communityId: string;
  userId: string;
  role: string;
  status: string;
  joinedAt: number;
  leftAt: number | null;
  updatedAt: number;
}

export interface UserMembershipRow {
  communityId: string;
  title: string;
  role: string;
  joinedAt: number;
}

const COLUMNS = `community_id AS communityId, user_id AS userId, role, status, joined_at AS joinedAt,
  left_at AS leftAt, updated_at AS updatedAt`;

export class MembershipsStore {
  private readonly selectOne: Statement;
  private readonly upsertOne: Statement;
  private readonly selectPage: Statement;
  private readonly selectOfUser: Statement;

  constructor(db: Database) {
    this.selectOne = db.prepare(`SELECT ${COLUMNS} FROM memberships WHERE community_id = ? AND user_id = ?`);
    this.upsertOne = db.prepare(
      `INSERT INTO memberships (community_id, user_id, role, status, joined_at, left_at, updated_at)
       VALUES (@communityId, @userId, @role, @status, @joinedAt, @leftAt, @updatedAt)
       ON CONFLICT (community_id, user_id) DO UPDATE SET role = excluded.role, status = excluded.status,
        joined_at = excluded.joined_at, left_at = excluded.left_at, updated_at = excluded.updated_at`,
    );
    this.selectPage = db.prepare(
      `SELECT ${COLUMNS} FROM memberships
       WHERE community_id = @communityId AND status = @status AND (@role IS NULL OR role = @role)
        AND (@after IS NULL OR user_id > @after)
       ORDER BY user_id LIMIT @limit`,
    );
    this.selectOfUser = db.prepare(
      `SELECT m.community_id AS communityId, c.title, m.role, m.joined_at AS joinedAt
       FROM memberships m JOIN communities c ON c.id = m.community_id
       WHERE m.user_id = ? AND m.status = 'active'
       ORDER BY m.joined_at DESC, m.community_id LIMIT ?`,
    );
  }

  /** A user's active memberships in this partition, the most recently joined first. */
  ofUser(userId: string, limit: number): UserMembershipRow[] {
    return this.selectOfUser.all(userId, limit) as UserMembershipRow[];
  }

  find(communityId: string, userId: string): MembershipRow | undefined {
    return this.selectOne.get(communityId, userId) as MembershipRow | undefined;
  }

  require(communityId: string, userId: string): MembershipRow {
    const row = this.find(communityId, userId);
    if (row === undefined) {
      throw new DomainError(
        'NOT_FOUND',
        `userId: user ${userId} is not a member of ${communityId}; add them with tk.cmd.accounts.membership.join`,
        { field: 'userId', communityId, userId },
      );
    }
    return row;
  }

  /** A community's memberships in a status, in user id order, after the user id `after` when given. */
  page(query: {
    communityId: string;
    status: string;
    role?: string;
    after?: string;
    limit: number;
  }): MembershipRow[] {
    return this.selectPage.all({
      communityId: query.communityId,
      status: query.status,
      role: query.role ?? null,
      after: query.after ?? null,
      limit: query.limit,
    }) as MembershipRow[];
  }

  save(row: MembershipRow): MembershipRow {
    this.upsertOne.run(row);
    return row;
  }
}

export function toMembership(row: MembershipRow): Membership {
  return {
    communityId: row.communityId,
    userId: row.userId,
    role: row.role as MembershipRole,
    status: row.status as MembershipStatus,
    joinedAt: new Date(row.joinedAt).toISOString(),
    leftAt: row.leftAt === null ? null : new Date(row.leftAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}
