import type { Logger } from 'pino';
import type { JournalAppender } from '../commit/commit-queue';
import type { LedgerStores } from '../store/ledger.stores';
import type { JournalReplicator } from './journal.replicator';

/**
 * The commit queue's view of the partition's replicated journal: a group's changes appended (and its
 * position recorded in the same transaction), and after a failed append, the file caught up with the
 * journal and the stores' memory read again.
 */
export function journalAppenderOf(
  replicator: JournalReplicator,
  stores: LedgerStores,
  logger: Logger,
  options: { groupRowsMax: number; resyncRetryMs: number },
): JournalAppender {
  return {
    ...options,
    async append(changes) {
      try {
        replicator.recordPosition(await replicator.append(changes));
      } catch (error) {
        logger.warn({ err: error, last: replicator.last }, 'journal append failed; the group is not applied');
        throw error;
      }
    },
    async resync() {
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
