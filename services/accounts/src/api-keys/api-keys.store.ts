import type { Database, Statement } from 'better-sqlite3';
import { DomainError, type ApiKey, type ApiKeyScope } from '@ticketonomics/contracts';

export interface ApiKeyRow {
  id: string;
  communityId: string;
  name: string;
  /** JSON array of scopes. */
  scopes: string;
  prefix: string;
  secretHash: string;
  rateLimitPerMinute: number;
  createdAt: number;
  createdBy: string;
  revokedAt: number | null;
  revokedBy: string | null;
  lastUsedAt: number | null;
  /** apikey.create's requestId, when the caller gave one. */
  requestId: string | null;
}

const COLUMNS = `id, community_id AS communityId, name, scopes, prefix, secret_hash AS secretHash,
  rate_limit_per_minute AS rateLimitPerMinute, created_at AS createdAt, created_by AS createdBy,
  revoked_at AS revokedAt, revoked_by AS revokedBy, last_used_at AS lastUsedAt, request_id AS requestId`;

export class ApiKeysStore {
  private readonly selectOne: Statement;
  private readonly selectByRequest: Statement;
  private readonly insertOne: Statement;
  private readonly updateRevoked: Statement;
  private readonly updateLastUsed: Statement;
  private readonly countActiveOf: Statement;
  private readonly selectPage: Statement;

  constructor(db: Database) {
    this.selectOne = db.prepare(`SELECT ${COLUMNS} FROM api_keys WHERE id = ?`);
    this.selectByRequest = db.prepare(
      `SELECT ${COLUMNS} FROM api_keys WHERE community_id = ? AND request_id = ?`,
    );
    this.insertOne = db.prepare(
      `INSERT INTO api_keys (id, community_id, name, scopes, prefix, secret_hash, rate_limit_per_minute,
        created_at, created_by, revoked_at, revoked_by, last_used_at, request_id)
       VALUES (@id, @communityId, @name, @scopes, @prefix, @secretHash, @rateLimitPerMinute, @createdAt,
        @createdBy, @revokedAt, @revokedBy, @lastUsedAt, @requestId)`,
    );
    this.updateRevoked = db.prepare(
      `UPDATE api_keys SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL`,
    );
    this.updateLastUsed = db.prepare(`UPDATE api_keys SET last_used_at = ? WHERE id = ?`);
    this.countActiveOf = db.prepare(
      `SELECT COUNT(*) AS n FROM api_keys WHERE community_id = ? AND revoked_at IS NULL`,
    );
    // Newest first: ids are monotonic ULIDs, so id order is creation order.
    this.selectPage = db.prepare(
      `SELECT ${COLUMNS} FROM api_keys
       WHERE community_id = @communityId AND (@includeRevoked = 1 OR revoked_at IS NULL) AND id < @before
       ORDER BY id DESC LIMIT @limit`,
    );
  }

  find(id: string): ApiKeyRow | undefined {
    return this.selectOne.get(id) as ApiKeyRow | undefined;
  }

  /** The key a community's apikey.create with this requestId made, if any. */
  findByRequest(communityId: string, requestId: string): ApiKeyRow | undefined {
    return this.selectByRequest.get(communityId, requestId) as ApiKeyRow | undefined;
  }

  /** The key of a community; NOT_FOUND for an unknown key or one of another community alike. */
  require(communityId: string, id: string): ApiKeyRow {
    const row = this.find(id);
    if (row === undefined || row.communityId !== communityId) {
      throw new DomainError('NOT_FOUND', `keyId: no API key ${id} in ${communityId}`, {
        field: 'keyId',
        communityId,
        keyId: id,
      });
    }
    return row;
  }

  insert(row: ApiKeyRow): void {
    this.insertOne.run(row);
  }

  revoke(id: string, at: number, by: string): void {
    this.updateRevoked.run(at, by, id);
  }

  touch(id: string, at: number): void {
    this.updateLastUsed.run(at, id);
  }

  countActive(communityId: string): number {
    return (this.countActiveOf.get(communityId) as { n: number }).n;
  }

  /** Keys with ids below `before` (a ULID sorts below '~'), newest first. */
  page(communityId: string, includeRevoked: boolean, before: string, limit: number): ApiKeyRow[] {
    return this.selectPage.all({
      communityId,
      includeRevoked: includeRevoked ? 1 : 0,
      before,
      limit,
    }) as ApiKeyRow[];
  }
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** What clients see of a key: never the key or its hash. */
export function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    communityId: row.communityId,
    name: row.name,
    scopes: JSON.parse(row.scopes) as ApiKeyScope[],
    prefix: row.prefix,
    rateLimitPerMinute: row.rateLimitPerMinute,
    createdAt: new Date(row.createdAt).toISOString(),
    createdBy: row.createdBy,
    revokedAt: iso(row.revokedAt),
    revokedBy: row.revokedBy,
    lastUsedAt: iso(row.lastUsedAt),
  };
}
