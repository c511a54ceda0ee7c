import { isDomainError, type CloudEvent } from '@ticketonomics/contracts';
import { DurableConsumer, ProcessedEventsStore, type EventHandler } from '@ticketonomics/messaging';
import { partitionOf } from '@ticketonomics/partitions';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { AccountsService } from '../accounts/accounts.service';
import type { CommitQueue } from '../commit/commit-queue';
import type { LedgerStores } from '../store/ledger.stores';
import type { SupplyEngine } from '../supply/supply.engine';
import { hourOf } from '../emission/emission-period';
import {
  accountToOpen,
  applyMembership,
  membershipOf,
  rewardToMint,
  type RewardMint,
} from './accounts-events.applier';

/**
 * The durable consumer of a ledger with one partition; with several, each partition has its own
 * (`ledger-accounts-sync-p003`), which moves with the partition: its replica resumes where the last left off.
 */
export const ACCOUNTS_SYNC_DURABLE = 'ledger-accounts-sync';

export function accountsSyncDurableOf(partition: { label: string; count: number }): string {
  return partition.count === 1 ? ACCOUNTS_SYNC_DURABLE : `${ACCOUNTS_SYNC_DURABLE}-${partition.label}`;
}

/**
 * Events handed to the commit queue at once. A burst of new members brings two events each (joined, then
 * rewarded); one at a time, each waited for its own commit and fsync. Each handler submits before its
 * first await, so the queue still gets them in stream order, and a few hundred share one commit. Well
 * under the consumer's max_ack_pending (1,000).
 */
const ACCOUNTS_SYNC_IN_FLIGHT_MAX = 256;

/** Errors that pass by themselves; a mint refused for any other reason would be refused again. */
const TRANSIENT_CODES = new Set(['UNAVAILABLE', 'OVERLOADED']);

export interface AccountsSyncParts {
  stores: LedgerStores;
  queue: CommitQueue;
  supply: SupplyEngine;
  accounts: AccountsService;
  partition: { label: string; count: number; index: number };
}

/**
 * Applies the accounts service's events to the ledger. Accounts are opened from community.created and
 * membership.joined, so a member who joins can be paid at once. Rewards (activity.rewarded) are minted,
 * so a reward accounts decided is paid even when the ledger was down at the time.
 *
 * Each partition reads every accounts event and applies those of its own communities. Openings and mints
 * go through the commit queue like supply.mint (the queue owns the journal head, the write transaction and
 * the partition's fence) and record the event id in the same group transaction, so the event is acked only
 * once its effect is durable; a redelivery finds the id and does nothing again, and the mint id alone would
 * also make a second mint harmless.
 */
export class AccountsEventsConsumer {
  private readonly consumer: DurableConsumer;
  private readonly processed: ProcessedEventsStore;
  private readonly durable: string;

  constructor(
    nc: NatsConnection,
    private readonly parts: AccountsSyncParts,
    private readonly logger: Logger,
  ) {
    this.processed = new ProcessedEventsStore(parts.stores.db);
    this.durable = accountsSyncDurableOf(parts.partition);
    const handler: EventHandler = async (event) => {
      const reward = rewardToMint(event);
      if (reward !== null) {
        if (this.isOurs(reward.opening.communityId)) await this.mint(event, reward);
        return;
      }
      const opening = accountToOpen(event);
      const membership = membershipOf(event);
      const communityId = opening?.communityId ?? membership?.membership.communityId;
      if (communityId !== undefined && this.isOurs(communityId)) {
        await parts.queue.submit(() => {
          this.processed.applyOnce(this.durable, event.id, () => {
            if (opening !== null) parts.accounts.openInTransaction(opening);
            // After the opening, which records a plain member: the event's role and join time win.
            if (membership !== null) applyMembership(parts.stores.members, membership);
          });
        });
      }
    };
    this.consumer = new DurableConsumer(nc, handler, logger, {
      durable: this.durable,
      filterSubject: 'tk.evt.accounts.>',
      inFlightMax: ACCOUNTS_SYNC_IN_FLIGHT_MAX,
    });
  }

  start(): Promise<void> {
    return this.consumer.start();
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }

  private isOurs(communityId: string): boolean {
    return partitionOf(communityId, this.parts.partition.count) === this.parts.partition.index;
  }

  /** Resolves once the mint (or its refusal) is committed with the event id; rejects to have it retried. */
  private async mint(event: CloudEvent, reward: RewardMint): Promise<void> {
    await this.parts.queue.submit(() => {
      this.processed.applyOnce(this.durable, event.id, () => {
        this.parts.accounts.openInTransaction(reward.opening);
        this.mintOrLogRefusal(event, reward);
      });
    });
  }

  /**
   * A refused mint (say the supply cap, or the id already used for another mint) is a fact about the
   * ledger, not a passing failure: redelivering it would be refused forever, so it is logged and the event
   * counts as processed. Its savepoint undoes whatever the refused mint had begun.
   */
  private mintOrLogRefusal(event: CloudEvent, reward: RewardMint): void {
    try {
      this.parts.stores.isolated(() => {
        const fresh = this.parts.stores.journal.findById(reward.mint.id) === undefined;
        this.parts.supply.mint(reward.mint);
        if (!fresh) return;
        // A reward is activity (basic income's window) and earnings (the `earned` rule's weights).
        const { communityId, ownerId } = reward.opening;
        if (ownerId === undefined) return;
        this.parts.stores.members.touch(communityId, ownerId, reward.rewardedAt);
        this.parts.stores.members.earned(communityId, ownerId, hourOf(reward.rewardedAt), reward.mint.amount);
      });
    } catch (error) {
      if (!isDomainError(error) || TRANSIENT_CODES.has(error.code)) throw error;
      this.logger.error(
        { err: error, eventId: event.id, mintId: reward.mint.id, accountId: reward.mint.accountId },
        'reward refused by the ledger; not minted',
      );
    }
  }
}
