import { DurableConsumer, ProcessedEventsStore } from '@ticketonomics/messaging';
import type { NatsConnection } from 'nats';
import type { Logger } from 'pino';
import type { AccountsService } from '../accounts/accounts.service';
import type { LedgerStores } from '../store/ledger.stores';
import { accountToOpen } from './accounts-events.applier';

/** One durable consumer for the whole ledger; every event it sees is recorded once in processed_events. */
export const ACCOUNTS_SYNC_DURABLE = 'ledger-accounts-sync';

/**
 * Opens ledger accounts from the accounts service's events, so no caller has to: a member who joins a
 * community can be paid at once. Each event is applied in one SQLite transaction with its processed id
 * and the ledger's own account.opened events, so a redelivery opens nothing twice.
 */
export class AccountsEventsConsumer {
  private readonly consumer: DurableConsumer;

  constructor(nc: NatsConnection, stores: LedgerStores, accounts: AccountsService, logger: Logger) {
    this.consumer = new DurableConsumer(
      nc,
      new ProcessedEventsStore(stores.db),
      (event) => {
        const opening = accountToOpen(event);
        if (opening !== null) accounts.openInTransaction(opening);
      },
      logger,
      { durable: ACCOUNTS_SYNC_DURABLE, filterSubject: 'tk.evt.accounts.>' },
    );
  }

  start(): Promise<void> {
    return this.consumer.start();
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }
}
