import type { Database, Statement } from 'better-sqlite3';
import { DomainError, type Webhook } from '@ticketonomics/contracts';
import type { WebhookSecretFormat } from './webhook.signature';

export interface WebhookRow {
  id: string;
  communityId: string;
  url: string;
  /** JSON array of event types and prefixes. */
  eventTypes: string;
  /** The signing secret, kept as is: HMAC needs it to sign each delivery. */
  secret: string;
  /** How the secret becomes the signing key: `legacy` for webhooks made before Standard Webhooks. */
  secretFormat: WebhookSecretFormat;
  status: 'active' | 'disabled';
  failureCount: number;
  createdAt: number;
  /** When it last became active (created, or enabled again): it gets events from then on. */
  activeSince: number;
  createdBy: string;
  disabledAt: number | null;
  disabledReason: string | null;
}

const COLUMNS = `id, community_id AS communityId, url, event_types AS eventTypes, secret,
  secret_format AS secretFormat, status,
  failure_count AS failureCount, created_at AS createdAt, active_since AS activeSince, created_by AS createdBy,
  disabled_at AS disabledAt, disabled_reason AS disabledReason`;

export class WebhooksStore {
  private readonly selectOne: Statement;
  private readonly selectOfCommunity: Statement;
  private readonly selectActiveOf: Statement;
  private readonly selectIds: Statement;
  private readonly countOfCommunity: Statement;
  private readonly insertOne: Statement;
  private readonly updateStatus: Statement;
  private readonly updateFailures: Statement;
  private readonly deleteOne: Statement;

  constructor(db: Database) {
    this.selectOne = db.prepare(`SELECT ${COLUMNS} FROM webhooks WHERE id = ?`);
    this.selectOfCommunity = db.prepare(`SELECT ${COLUMNS} FROM webhooks WHERE community_id = ? ORDER BY id`);
    this.selectActiveOf = db.prepare(
      `SELECT ${COLUMNS} FROM webhooks WHERE community_id = ? AND status = 'active' ORDER BY id`,
    );
    this.selectIds = db.prepare(`SELECT id FROM webhooks`);
    this.countOfCommunity = db.prepare(`SELECT COUNT(*) AS n FROM webhooks WHERE community_id = ?`);
    this.insertOne = db.prepare(
      `INSERT INTO webhooks (id, community_id, url, event_types, secret, secret_format, status, failure_count,
        created_at, active_since, created_by, disabled_at, disabled_reason)
       VALUES (@id, @communityId, @url, @eventTypes, @secret, @secretFormat, @status, @failureCount, @createdAt,
        @activeSince, @createdBy, @disabledAt, @disabledReason)`,
    );
    this.updateStatus = db.prepare(
      `UPDATE webhooks SET status = @status, failure_count = @failureCount, disabled_at = @disabledAt,
        disabled_reason = @disabledReason, active_since = @activeSince WHERE id = @id`,
    );
    this.updateFailures = db.prepare(`UPDATE webhooks SET failure_count = ? WHERE id = ?`);
    this.deleteOne = db.prepare(`DELETE FROM webhooks WHERE id = ?`);
  }

  find(id: string): WebhookRow | undefined {
    return this.selectOne.get(id) as WebhookRow | undefined;
  }

  /** The webhook of a community; NOT_FOUND for an unknown one or one of another community alike. */
  require(communityId: string, id: string): WebhookRow {
    const row = this.find(id);
    if (row === undefined || row.communityId !== communityId) {
      throw new DomainError('NOT_FOUND', `webhookId: no webhook ${id} in ${communityId}`, {
        field: 'webhookId',
        communityId,
        webhookId: id,
      });
    }
    return row;
  }

  ofCommunity(communityId: string): WebhookRow[] {
    return this.selectOfCommunity.all(communityId) as WebhookRow[];
  }

  activeOf(communityId: string): WebhookRow[] {
    return this.selectActiveOf.all(communityId) as WebhookRow[];
  }

  allIds(): string[] {
    return (this.selectIds.all() as { id: string }[]).map((row) => row.id);
  }

  count(communityId: string): number {
    return (this.countOfCommunity.get(communityId) as { n: number }).n;
  }

  insert(row: WebhookRow): void {
    this.insertOne.run(row);
  }

  /** Save status, failure count and the disabled fields of `row`. */
  saveStatus(row: WebhookRow): void {
    this.updateStatus.run(row);
  }

  setFailureCount(id: string, failureCount: number): void {
    this.updateFailures.run(failureCount, id);
  }

  /** Deletes the webhook; its deliveries go with it (ON DELETE CASCADE). */
  delete(id: string): void {
    this.deleteOne.run(id);
  }
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** What clients see of a webhook: never its secret. */
export function toWebhook(row: WebhookRow): Webhook {
  return {
    id: row.id,
    communityId: row.communityId,
    url: row.url,
    eventTypes: JSON.parse(row.eventTypes) as string[],
    status: row.status,
    failureCount: row.failureCount,
    createdAt: new Date(row.createdAt).toISOString(),
    createdBy: row.createdBy,
    disabledAt: iso(row.disabledAt),
    disabledReason: row.disabledReason,
  };
}
