import { eventTypeMatches, INTEGRATION_LIMITS, type CloudEvent } from '@ticketonomics/contracts';
import { ProcessedEventsStore } from '@ticketonomics/messaging';
import type { Logger } from 'pino';
import type { WebhookSettings } from '../config/accounts.config';
import type { AccountsEventsEmitter } from '../events/accounts-events.emitter';
import type { AccountsStores } from '../store/accounts.stores';
import type { DueDelivery } from './webhook-deliveries.store';
import { retryDelayMs } from './webhook-retry.policy';
import { toWebhook, type WebhookRow } from './webhooks.store';

/** The durable consumer's name, and the consumer its processed-event records are filed under. */
export const WEBHOOKS_CONSUMER = 'accounts-webhooks';
/** Rows deleted per prune statement, so pruning never holds the write lock for long. */
const PRUNE_BATCH_ROWS = 5_000;

/** What one HTTP attempt came to: a status code (null when no response came) and, unless 2xx, why not. */
export interface AttemptOutcome {
  statusCode: number | null;
  error: string | null;
}

const short = (text: string): string => text.slice(0, INTEGRATION_LIMITS.deliveryErrorLengthMax);

/**
 * The delivery queue and log: which webhooks get an event, what each attempt did to its delivery, and
 * when a webhook is disabled. Every change is one write transaction; the worker does the HTTP.
 */
export class WebhookDeliveries {
  private readonly processed: ProcessedEventsStore;

  constructor(
    private readonly stores: AccountsStores,
    private readonly events: AccountsEventsEmitter,
    private readonly settings: WebhookSettings,
    private readonly logger: Logger,
  ) {
    this.processed = new ProcessedEventsStore(stores.db);
  }

  /**
   * Queue `event` for every active webhook of its community that subscribed to its type and was active when
   * it happened (not disabled then, however late this consumer reads it), in one transaction with the processed-event record, so a redelivered event adds nothing.
   * An event no webhook wants writes nothing at all (most events, in most communities). Events older than
   * the log retention are skipped: their processed-event records may be pruned, so they could repeat.
   * Returns how many deliveries were queued.
   */
  enqueue(event: CloudEvent, now = Date.now()): number {
    const eventTime = Date.parse(event.time);
    if (eventTime < now - this.settings.logRetentionMs) return 0;
    if (this.subscribers(event, eventTime).length === 0) return 0;
    const body = JSON.stringify(event);
    let queued = 0;
    this.stores.write(() =>
      this.processed.applyOnce(WEBHOOKS_CONSUMER, event.id, () => {
        for (const webhook of this.subscribers(event, eventTime)) {
          const pending = this.stores.deliveries.pendingCount(webhook.id);
          const full = pending >= this.settings.pendingMax;
          if (full) {
            this.logger.warn(
              { webhookId: webhook.id, eventId: event.id, pending },
              'webhook queue full; event logged as not queued',
            );
          }
          const added = this.stores.deliveries.insert({
            webhookId: webhook.id,
            eventId: event.id,
            eventType: event.type,
            body,
            status: full ? 'failed' : 'pending',
            lastError: full ? `not queued: ${pending} deliveries already pending` : null,
            nextAttemptAt: full ? null : now,
            createdAt: now,
          });
          if (added && !full) queued += 1;
        }
      }),
    );
    return queued;
  }

  /**
   * Save what an attempt came to. A 2xx delivers and resets the webhook's failure count; anything else is
   * retried after a back-off until the attempts run out, and then counts as one failed delivery. Enough
   * failed deliveries in a row disable the webhook. A delivery no longer pending (its webhook was disabled
   * or deleted meanwhile) is left alone.
   */
  recordAttempt(delivery: DueDelivery, outcome: AttemptOutcome, now = Date.now()): void {
    this.stores.write(() => {
      const row = this.stores.deliveries.find(delivery.id);
      const webhook = this.stores.webhooks.find(delivery.webhookId);
      if (row === undefined || row.status !== 'pending' || webhook === undefined) return;
      const attempts = row.attempts + 1;
      const lastStatusCode = outcome.statusCode;
      if (outcome.error === null) {
        this.stores.deliveries.saveAttempt(row.id, {
          attempts,
          status: 'delivered',
          lastStatusCode,
          lastError: null,
          nextAttemptAt: null,
          deliveredAt: now,
        });
        if (webhook.failureCount > 0) this.stores.webhooks.setFailureCount(webhook.id, 0);
        return;
      }
      const lastError = short(outcome.error);
      if (attempts < this.settings.attemptsMax) {
        this.stores.deliveries.saveAttempt(row.id, {
          attempts,
          status: 'pending',
          lastStatusCode,
          lastError,
          nextAttemptAt: now + retryDelayMs(attempts, this.settings),
          deliveredAt: null,
        });
        return;
      }
      this.stores.deliveries.saveAttempt(row.id, {
        attempts,
        status: 'failed',
        lastStatusCode,
        lastError,
        nextAttemptAt: null,
        deliveredAt: null,
      });
      const failureCount = webhook.failureCount + 1;
      if (webhook.status === 'active' && failureCount >= this.settings.disableAfterFailures) {
        this.disable(
          { ...webhook, failureCount },
          `${failureCount} deliveries in a row failed; last: ${lastError}`,
          now,
        );
      } else {
        this.stores.webhooks.setFailureCount(webhook.id, failureCount);
      }
    });
  }

  /** Delete finished deliveries past the retention or past the per-webhook cap, and old dedupe records. */
  prune(now = Date.now()): number {
    const before = now - this.settings.logRetentionMs;
    return this.stores.write(() => {
      let removed = this.stores.deliveries.pruneOlderThan(before, PRUNE_BATCH_ROWS);
      for (const webhookId of this.stores.webhooks.allIds()) {
        removed += this.stores.deliveries.pruneOverCap(webhookId, this.settings.logMax, PRUNE_BATCH_ROWS);
      }
      this.processed.prune(WEBHOOKS_CONSUMER, before, PRUNE_BATCH_ROWS);
      return removed;
    });
  }

  private subscribers(event: CloudEvent, eventTime: number): WebhookRow[] {
    return this.stores.webhooks.activeOf(event.communityid).filter((webhook) => {
      const patterns = JSON.parse(webhook.eventTypes) as string[];
      return (
        webhook.activeSince <= eventTime && patterns.some((pattern) => eventTypeMatches(pattern, event.type))
      );
    });
  }

  private disable(webhook: WebhookRow, reason: string, now: number): void {
    const row: WebhookRow = {
      ...webhook,
      status: 'disabled',
      disabledAt: now,
      disabledReason: short(reason),
    };
    this.stores.webhooks.saveStatus(row);
    const skipped = this.stores.deliveries.failPending(webhook.id, 'not sent: webhook disabled');
    this.events.webhookDisabled(toWebhook(row));
    this.logger.warn({ webhookId: webhook.id, reason, skipped }, 'webhook disabled');
  }
}
