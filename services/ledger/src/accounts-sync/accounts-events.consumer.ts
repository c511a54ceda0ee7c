import { isDomainError, type CloudEvent } from '@ticketonomics/contracts';
import {
  appliedOnce,
  DurableConsumer,
  ProcessedEventsStore,
  type EventHandler,
} from '@ticketonomics/messaging';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { AccountsService } from '../accounts/accounts.service';
import type { CommitQueue } from '../commit/commit-queue';
import type { LedgerStores } from '../store/ledger.stores';
import type { SupplyEngine } from '../supply/supply.engine';
import { accountToOpen, rewardToMint, type RewardMint } from './accounts-events.applier';

/** One durable consumer for the whole ledger; every event it sees is recorded once in processed_events. */
export const ACCOUNTS_SYNC_DURABLE = 'ledger-accounts-sync';

/** Errors that pass by themselves; a mint refused for any other reason would be refused again. */
const TRANSIENT_CODES = new Set(['UNAVAILABLE', 'OVERLOADED']);

export interface AccountsSyncParts {
  stores: LedgerStores;
  queue: CommitQueue;
  supply: SupplyEngine;
  accounts: AccountsService;
}

/**
 * Applies the accounts service's events to the ledger. Accounts are opened from community.created and
 * membership.joined, so a member who joins can be paid at once. Rewards (activity.rewarded) are minted,
 * so a reward accounts decided is paid even when the ledger was down at the time.
 *
 * Opening accounts is applied in one SQLite transaction with the processed event id. A mint goes through
 * the commit queue like supply.mint (the queue owns the journal head and the write transaction) and
 * records the event id in the same group transaction, so the event is acked only once the mint is
 * durable; a redelivery finds the id and mints nothing, and the mint id alone would also make it harmless.
 */
export class AccountsEventsConsumer {
  private readonly consumer: DurableConsumer;
  private readonly processed: ProcessedEventsStore;

  constructor(
    nc: NatsConnection,
    private readonly parts: AccountsSyncParts,
    private readonly logger: Logger,
  ) {
    this.processed = new ProcessedEventsStore(parts.stores.db);
    const openAccounts = appliedOnce(this.processed, ACCOUNTS_SYNC_DURABLE, (event) => {
      const opening = accountToOpen(event);
      if (opening !== null) parts.accounts.openInTransaction(opening);
    });
    const handler: EventHandler = (event) => {
      const reward = rewardToMint(event);
      return reward === null ? openAccounts(event) : this.mint(event, reward);
    };
    this.consumer = new DurableConsumer(nc, handler, logger, {
      durable: ACCOUNTS_SYNC_DURABLE,
      filterSubject: 'tk.evt.accounts.>',
    });
  }

  start(): Promise<void> {
    return this.consumer.start();
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }

  /** Resolves once the mint (or its refusal) is committed with the event id; rejects to have it retried. */
  private async mint(event: CloudEvent, reward: RewardMint): Promise<void> {
    await this.parts.queue.submit(() => {
      this.processed.applyOnce(ACCOUNTS_SYNC_DURABLE, event.id, () => {
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
      this.parts.stores.isolated(() => this.parts.supply.mint(reward.mint));
    } catch (error) {
      if (!isDomainError(error) || TRANSIENT_CODES.has(error.code)) throw error;
      this.logger.error(
        { err: error, eventId: event.id, mintId: reward.mint.id, accountId: reward.mint.accountId },
        'reward refused by the ledger; not minted',
      );
    }
  }
}
