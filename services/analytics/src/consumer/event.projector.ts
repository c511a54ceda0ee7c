import { isDomainError } from '@ticketonomics/contracts';
import type { Logger } from 'pino';
import { DAY_MS, dayStart, hourStart, isoWeekStart } from '../series/time-buckets';
import type { AnalyticsStores } from '../store/analytics.stores';
import { decodeEvent, type Decoded } from './event.decoder';
import { projectTransfer, type KeptSince } from './transfer.projection';

/** One message of the stream: its sequence, the subject it was published on and its body as text. */
export interface StreamMessage {
  seq: number;
  subject: string;
  body: string;
}

export interface BatchOutcome {
  /** Events applied (or of a type the models ignore) and malformed ones skipped, in this batch. */
  applied: number;
  malformed: number;
  /** Messages at or below the stored position: already applied, so skipped. */
  redelivered: number;
  appliedSeq: number;
}

/**
 * Applies stream messages to the read models, a batch per transaction with the position it reaches, in
 * stream order. Knows nothing of NATS: the consumer hands it messages, tests can too.
 */
export class EventProjector {
  /** The kept-window start last pruned to; pruning runs again only when it moves (once an event hour). */
  private prunedHourMs = 0;

  constructor(
    private readonly stores: AnalyticsStores,
    private readonly logger: Logger,
    private readonly options: { hourlyKeptDays: number },
  ) {}

  applyBatch(messages: readonly StreamMessage[]): BatchOutcome {
    return this.stores.write(() => {
      const position = this.stores.position.get();
      const outcome: BatchOutcome = {
        applied: 0,
        malformed: 0,
        redelivered: 0,
        appliedSeq: position.appliedSeq,
      };
      let newestEventMs = position.newestEventMs;
      for (const message of messages) {
        if (message.seq <= outcome.appliedSeq) {
          outcome.redelivered += 1;
          continue;
        }
        const decoded = this.decodeOrNull(message);
        if (decoded === null) {
          outcome.malformed += 1;
        } else {
          newestEventMs = Math.max(newestEventMs, decoded.timeMs);
          this.apply(decoded, this.keptSince(newestEventMs));
          outcome.applied += 1;
        }
        outcome.appliedSeq = message.seq;
      }
      // The batch's rows are written before pruning, which must remove those of buckets it left behind.
      this.stores.flushPending();
      this.stores.position.save({
        appliedSeq: outcome.appliedSeq,
        eventsApplied: position.eventsApplied + outcome.applied,
        eventsMalformed: position.eventsMalformed + outcome.malformed,
        newestEventMs,
      });
      this.pruneTo(this.keptSince(newestEventMs));
      return outcome;
    });
  }

  /** After a rebuild emptied the models, the next batch prunes afresh. */
  forgetPruning(): void {
    this.prunedHourMs = 0;
  }

  /** The oldest buckets kept, counted back from the newest event seen (not the clock: replicas agree). */
  keptSince(newestEventMs: number): KeptSince {
    const hourMs = hourStart(newestEventMs) - this.options.hourlyKeptDays * DAY_MS;
    return { hourMs, dayMs: dayStart(hourMs), weekMs: isoWeekStart(hourMs) };
  }

  /** A malformed event is logged and skipped (the position moves past it): it can never become valid. */
  private decodeOrNull(message: StreamMessage): Decoded | null {
    try {
      return decodeEvent(message.body, message.subject);
    } catch (error) {
      const malformed =
        error instanceof SyntaxError || (isDomainError(error) && error.code === 'VALIDATION_FAILED');
      if (!malformed) throw error;
      this.logger.error({ err: error, seq: message.seq }, 'malformed event skipped');
      return null;
    }
  }

  private apply({ event, timeMs }: Decoded, kept: KeptSince): void {
    const { stores } = this;
    switch (event.kind) {
      case 'transfer':
        projectTransfer(stores, event.data, kept);
        return;
      case 'account-opened': {
        const { account } = event;
        stores.balances.opened({
          accountId: account.id,
          communityId: account.communityId,
          kind: account.kind,
          ownerId: account.ownerId,
          balance: account.balance,
        });
        stores.totals.touch(account.communityId, timeMs);
        return;
      }
      case 'reward':
        stores.totals.touch(event.communityId, timeMs);
        stores.totals.addReward(event.communityId, event.amount);
        stores.flows.rewardAnnounced(event.communityId, event.mintId, timeMs);
        return;
      case 'type-created':
        stores.market.typeCreated(event.communityId, event.typeId, event.name);
        return;
      case 'listing-created':
        stores.market.listingCreated(event.communityId, event.listing);
        return;
      case 'listing-cancelled':
        stores.market.listingCancelled(event.communityId, event.listingId);
        return;
      case 'listing-sold':
        stores.market.listingSold(event.communityId, event.listing, event.price);
        return;
      case 'edition-moved':
        stores.market.editionMoved(event.communityId, event.move);
        return;
      case 'trade-offered':
        stores.market.tradeOffered(event.communityId, event.offer);
        return;
      case 'trade-closed':
        stores.market.tradeClosed(event.communityId, event.tradeId);
        return;
      case 'ignored':
        return;
    }
  }

  private pruneTo(kept: KeptSince): void {
    if (kept.hourMs <= this.prunedHourMs) return;
    this.stores.series.pruneHoursBefore(kept.hourMs);
    this.stores.activity.pruneBefore('hour', kept.hourMs);
    this.stores.activity.pruneBefore('day', kept.dayMs);
    this.stores.earnings.pruneBefore(kept.weekMs);
    this.stores.flows.pruneRewardsBefore(kept.hourMs);
    this.prunedHourMs = kept.hourMs;
  }
}
