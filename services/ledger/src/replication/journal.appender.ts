import type { PublishRow } from '@ticketonomics/messaging';
import type { Logger } from 'pino';
import type { JournalAppender } from '../commit/commit-queue';
import { eventsJsonOf } from '../events/group-events.buffer';
import type { JournalEventsPublisher } from '../events/journal-events.publisher';
import type { LedgerStores } from '../store/ledger.stores';
import type { JournalPosition, JournalReplicator } from './journal.replicator';

/**
 * The commit queue's view of the partition's replicated journal: a group's changes and events appended
 * (and its position recorded in the same transaction), its events handed to the publisher once it is
 * committed, and after a failed append, the file caught up with the journal and the stores' memory read
 * again.
 */
export function journalAppenderOf(
  replicator: JournalReplicator,
  stores: LedgerStores,
  events: Pick<JournalEventsPublisher, 'enqueue'>,
  logger: Logger,
  options: { groupRowsMax: number; resyncRetryMs: number },
): JournalAppender {
  let appended: { position: JournalPosition; events: PublishRow[] } | null = null;
  return {
    ...options,
    async append(changes, raised) {
      appended = null;
      try {
        const position = await replicator.append(changes, raised.length === 0 ? null : eventsJsonOf(raised));
        replicator.recordPosition(position);
        appended = { position, events: raised };
      } catch (error) {
        logger.warn({ err: error, last: replicator.last }, 'journal append failed; the group is not applied');
        throw error;
      }
    },
    committed() {
      if (appended !== null) events.enqueue(appended.position, appended.events);
      appended = null;
    },
    async resync() {
      appended = null;
      try {
        const { replayed } = await replicator.open();
        stores.reloadFromFile();
        logger.info({ replayed, last: replicator.last }, 'back in step with the replicated journal');
      } catch (error) {
        logger.warn({ err: error }, 'cannot read the replicated journal yet; writes wait');
        throw error;
      }
    },
  };
}
