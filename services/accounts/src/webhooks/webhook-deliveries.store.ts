import type { Database, Statement } from 'better-sqlite3';
import type { DeliveryStatus, WebhookDelivery } from '@ticketonomics/contracts';
import type { WebhookSecretFormat } from './webhook.signature';

export interface DeliveryRow {
  id: number;
  webhookId: string;
  eventId: string;
  eventType: string;
  attempts: number;
  status: DeliveryStatus;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: number | null;
  createdAt: number;
  deliveredAt: number | null;
}

/** A due delivery with what sending it takes. */
export interface DueDelivery {
  id: number;
  webhookId: string;
  /** The webhook's community: deliveries are shared out fairly between communities. */
  communityId: string;
  eventId: string;
  eventType: string;
  body: string;
  attempts: number;
  url: string;
  secret: string;
  secretFormat: WebhookSecretFormat;
}

export interface NewDelivery {
  webhookId: string;
  eventId: string;
  eventType: string;
  body: string;
  status: DeliveryStatus;
  lastError: string | null;
  nextAttemptAt: number | null;
  createdAt: number;
}

export interface AttemptResult {
  attempts: number;
  status: DeliveryStatus;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: number | null;
  deliveredAt: number | null;
}

const COLUMNS = `id, webhook_id AS webhookId, event_id AS eventId, event_type AS eventType, attempts, status,
  last_status_code AS lastStatusCode, last_error AS lastError, next_attempt_at AS nextAttemptAt,
  created_at AS createdAt, delivered_at AS deliveredAt`;

export class WebhookDeliveriesStore {
  private readonly insertOne: Statement;
  private readonly selectOne: Statement;
  private readonly selectDueOf: Statement;
  private readonly selectDueCommunitiesAfter: Statement;
  private readonly countPendingOf: Statement;
  private readonly updateAttempt: Statement;
  private readonly updatePendingFailed: Statement;
  private readonly selectPage: Statement;
  private readonly deleteOld: Statement;
  private readonly deleteOverCap: Statement;

  constructor(db: Database) {
    // A redelivered event finds its row already there (one per webhook and event) and adds nothing.
    this.insertOne = db.prepare(
      `INSERT OR IGNORE INTO webhook_deliveries (webhook_id, event_id, event_type, body, status, last_error,
        next_attempt_at, created_at)
       VALUES (@webhookId, @eventId, @eventType, @body, @status, @lastError, @nextAttemptAt, @createdAt)`,
    );
    this.selectOne = db.prepare(`SELECT ${COLUMNS} FROM webhook_deliveries WHERE id = ?`);
    this.selectDueOf = db.prepare(
      `SELECT d.id, d.webhook_id AS webhookId, w.community_id AS communityId, d.event_id AS eventId,
        d.event_type AS eventType, d.body, d.attempts, w.url, w.secret,
        w.secret_format AS secretFormat
       FROM webhooks w JOIN webhook_deliveries d ON d.webhook_id = w.id
       WHERE w.community_id = ? AND w.status = 'active' AND d.status = 'pending' AND d.next_attempt_at <= ?
       ORDER BY d.next_attempt_at, d.id LIMIT ?`,
    );
    // One seek per active webhook (webhook_deliveries_due_by_webhook), however long the queues are.
    this.selectDueCommunitiesAfter = db.prepare(
      `SELECT DISTINCT w.community_id AS communityId FROM webhooks w
       WHERE w.status = 'active' AND w.community_id > ? AND EXISTS (SELECT 1 FROM webhook_deliveries d
         WHERE d.webhook_id = w.id AND d.status = 'pending' AND d.next_attempt_at <= ?)
       ORDER BY w.community_id LIMIT ?`,
    );
    this.countPendingOf = db.prepare(
      `SELECT COUNT(*) AS n FROM webhook_deliveries WHERE webhook_id = ? AND status = 'pending'`,
    );
    this.updateAttempt = db.prepare(
      `UPDATE webhook_deliveries SET attempts = @attempts, status = @status, last_status_code = @lastStatusCode,
        last_error = @lastError, next_attempt_at = @nextAttemptAt, delivered_at = @deliveredAt WHERE id = @id`,
    );
    this.updatePendingFailed = db.prepare(
      `UPDATE webhook_deliveries SET status = 'failed', last_error = ?, next_attempt_at = NULL
       WHERE webhook_id = ? AND status = 'pending'`,
    );
    this.selectPage = db.prepare(
      `SELECT ${COLUMNS} FROM webhook_deliveries
       WHERE webhook_id = @webhookId AND id < @before AND (@status IS NULL OR status = @status)
       ORDER BY id DESC LIMIT @limit`,
    );
    this.deleteOld = db.prepare(
      `DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM webhook_deliveries
        WHERE status != 'pending' AND created_at < ? LIMIT ?)`,
    );
    this.deleteOverCap = db.prepare(
      `DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM webhook_deliveries
        WHERE webhook_id = ? AND status != 'pending' ORDER BY id DESC LIMIT ? OFFSET ?)`,
    );
  }

  /** Returns whether a row was added (false when the event already had one for this webhook). */
  insert(row: NewDelivery): boolean {
    return this.insertOne.run(row).changes === 1;
  }

  find(id: number): DeliveryRow | undefined {
    return this.selectOne.get(id) as DeliveryRow | undefined;
  }

  /**
   * Communities with a delivery due by `now`, at most `limit`, in id order starting after `after` and
   * wrapping around: a cursor the worker moves on, so every community gets its turn first.
   */
  dueCommunities(after: string, now: number, limit: number): string[] {
    const ids = (rows: unknown[]) => (rows as { communityId: string }[]).map((row) => row.communityId);
    const found = ids(this.selectDueCommunitiesAfter.all(after, now, limit));
    if (found.length < limit && after !== '') {
      for (const id of ids(this.selectDueCommunitiesAfter.all('', now, limit - found.length))) {
        if (id > after) break;
        found.push(id);
      }
    }
    return found;
  }

  /** A community's pending deliveries of active webhooks due by `now`, the longest-waiting first. */
  dueOf(communityId: string, now: number, limit: number): DueDelivery[] {
    return this.selectDueOf.all(communityId, now, limit) as DueDelivery[];
  }

  pendingCount(webhookId: string): number {
    return (this.countPendingOf.get(webhookId) as { n: number }).n;
  }

  saveAttempt(id: number, result: AttemptResult): void {
    this.updateAttempt.run({ id, ...result });
  }

  /** Ends every pending delivery of a webhook as failed, saying why. */
  failPending(webhookId: string, reason: string): number {
    return this.updatePendingFailed.run(reason, webhookId).changes;
  }

  /** Deliveries with ids below `before`, newest first. */
  page(webhookId: string, status: DeliveryStatus | null, before: number, limit: number): DeliveryRow[] {
    return this.selectPage.all({ webhookId, status, before, limit }) as DeliveryRow[];
  }

  /** Deletes up to `limit` finished deliveries created before `before`; returns how many went. */
  pruneOlderThan(before: number, limit: number): number {
    return this.deleteOld.run(before, limit).changes;
  }

  /** Deletes up to `limit` finished deliveries of a webhook beyond its newest `keep`. */
  pruneOverCap(webhookId: string, keep: number, limit: number): number {
    return this.deleteOverCap.run(webhookId, limit, keep).changes;
  }
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function toDelivery(row: DeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    webhookId: row.webhookId,
    eventId: row.eventId,
    eventType: row.eventType,
    attempts: row.attempts,
    status: row.status,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    nextAttemptAt: iso(row.nextAttemptAt),
    createdAt: new Date(row.createdAt).toISOString(),
    deliveredAt: iso(row.deliveredAt),
  };
}
