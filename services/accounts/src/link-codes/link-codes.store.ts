import type { Database, Statement } from 'better-sqlite3';

export interface LinkCodeRow {
  codeHash: string;
  userId: string;
  provider: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  usedExternalId: string | null;
  /** The community that used the code: only its repeat of the redemption is answered again. */
  usedCommunityId: string | null;
}

const COLUMNS = `code_hash AS codeHash, user_id AS userId, provider, created_at AS createdAt,
  expires_at AS expiresAt, used_at AS usedAt, used_external_id AS usedExternalId,
  used_community_id AS usedCommunityId`;

/** Link codes by their digest, and each community's recent wrong codes. */
export class LinkCodesStore {
  private readonly selectByHash: Statement;
  private readonly countPendingOf: Statement;
  private readonly deleteOfProvider: Statement;
  private readonly deleteExpired: Statement;
  private readonly insertOne: Statement;
  private readonly updateUsed: Statement;
  private readonly insertFailure: Statement;
  private readonly deleteOldFailures: Statement;
  private readonly countFailuresSince: Statement;
  private readonly selectOldestFailureSince: Statement;

  constructor(db: Database) {
    this.selectByHash = db.prepare(`SELECT ${COLUMNS} FROM link_codes WHERE code_hash = ?`);
    this.countPendingOf = db.prepare(
      `SELECT COUNT(*) AS n FROM link_codes WHERE user_id = ? AND provider != ? AND used_at IS NULL AND expires_at > ?`,
    );
    this.deleteOfProvider = db.prepare(`DELETE FROM link_codes WHERE user_id = ? AND provider = ?`);
    this.deleteExpired = db.prepare(`DELETE FROM link_codes WHERE expires_at <= ?`);
    this.insertOne = db.prepare(
      `INSERT INTO link_codes (code_hash, user_id, provider, created_at, expires_at, used_at, used_external_id,
        used_community_id)
       VALUES (@codeHash, @userId, @provider, @createdAt, @expiresAt, @usedAt, @usedExternalId, @usedCommunityId)`,
    );
    this.updateUsed = db.prepare(
      `UPDATE link_codes SET used_at = ?, used_external_id = ?, used_community_id = ?
       WHERE code_hash = ? AND used_at IS NULL`,
    );
    this.insertFailure = db.prepare(`INSERT INTO link_code_failures (community_id, at) VALUES (?, ?)`);
    this.deleteOldFailures = db.prepare(`DELETE FROM link_code_failures WHERE at <= ?`);
    this.countFailuresSince = db.prepare(
      `SELECT COUNT(*) AS n FROM link_code_failures WHERE community_id = ? AND at > ?`,
    );
    this.selectOldestFailureSince = db.prepare(
      `SELECT MIN(at) AS at FROM link_code_failures WHERE community_id = ? AND at > ?`,
    );
  }

  find(codeHash: string): LinkCodeRow | undefined {
    return this.selectByHash.get(codeHash) as LinkCodeRow | undefined;
  }

  /** Codes of a user still waiting for other providers than this one. */
  countPendingOtherThan(userId: string, provider: string, now: number): number {
    return (this.countPendingOf.get(userId, provider, now) as { n: number }).n;
  }

  /** Drops the user's code for a provider (a new one replaces it) and every expired code. */
  clear(userId: string, provider: string, now: number): void {
    this.deleteOfProvider.run(userId, provider);
    this.deleteExpired.run(now);
  }

  insert(row: LinkCodeRow): void {
    this.insertOne.run(row);
  }

  markUsed(codeHash: string, at: number, externalId: string, communityId: string): void {
    this.updateUsed.run(at, externalId, communityId, codeHash);
  }

  recordFailure(communityId: string, at: number, windowMs: number): void {
    this.deleteOldFailures.run(at - windowMs);
    this.insertFailure.run(communityId, at);
  }

  failuresSince(communityId: string, since: number): { count: number; oldestAt: number | null } {
    const count = (this.countFailuresSince.get(communityId, since) as { n: number }).n;
    const oldest = this.selectOldestFailureSince.get(communityId, since) as { at: number | null };
    return { count, oldestAt: oldest.at };
  }
}
