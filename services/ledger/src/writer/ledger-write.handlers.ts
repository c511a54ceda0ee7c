import { isDomainError } from '@ticketonomics/contracts';
import { AccountsWrites } from '../accounts/accounts.writes';
import type { CommitQueue } from '../commit/commit-queue';
import type { LedgerEventsEmitter } from '../events/ledger-events.emitter';
import { JournalVerifier } from '../journal/journal.verifier';
import { PolicyWrites } from '../policy/policy.writes';
import type { LedgerStores } from '../store/ledger.stores';
import type { TransferEngine } from '../transfers/transfer.engine';
import type { BatchResult, WriteHandlers } from './ledger-writer.protocol';

/** These engine methods make every check before their first write (see CommitQueue). */
const CHECKED = { checksBeforeWrites: true } as const;
/** The relay's bookkeeping rides with the next group of other writes instead of paying an fsync alone. */
const DEFERRABLE = { deferrable: true } as const;

/** The writer thread's ops, each submitted to the commit queue with the options its work allows. */
export function ledgerWriteHandlers(
  stores: LedgerStores,
  events: LedgerEventsEmitter,
  engine: TransferEngine,
  queue: CommitQueue,
): WriteHandlers {
  const accounts = new AccountsWrites(stores, events);
  const policies = new PolicyWrites(stores, events);
  const verifier = new JournalVerifier(stores);
  return {
    'account.open': (request) => queue.submit(() => accounts.open(request)),
    'account.setFrozen': (accountId, frozen, reason) =>
      queue.submit(() => accounts.setFrozen(accountId, frozen, reason)),
    'transfer.create': (request) => queue.submit(() => engine.create(request), CHECKED),
    // Independent transfers: each applies or fails on its own, in order, usually within one commit.
    'transfer.batch': (requests) =>
      Promise.all(
        requests.map((request) =>
          queue
            .submit(() => engine.create(request), CHECKED)
            .then(
              (data): BatchResult => ({ ok: true, data }),
              (error: unknown): BatchResult => {
                if (isDomainError(error)) return { ok: false, error: error.toBody() };
                throw error;
              },
            ),
        ),
      ),
    'transfer.linked': (requests) =>
      queue.submit(() => engine.createLinked(requests), { weight: requests.length }),
    'transfer.post': (request) => queue.submit(() => engine.post(request), CHECKED),
    'transfer.void': (request) => queue.submit(() => engine.void(request), CHECKED),
    'transfer.reverse': (request) => queue.submit(() => engine.reverse(request)),
    'supply.mint': (request) => queue.submit(() => engine.mint(request), CHECKED),
    'supply.burn': (request) => queue.submit(() => engine.burn(request), CHECKED),
    'policy.set': (communityId, change) => queue.submit(() => policies.set(communityId, change)),
    'journal.verify': () => queue.submit(() => verifier.replay()),
    'outbox.markSent': (seqs) => queue.submit(() => stores.outbox.markSent(seqs), DEFERRABLE),
    'outbox.pruneSent': (before, limit) =>
      queue.submit(() => stores.outbox.pruneSent(before, limit), DEFERRABLE),
  };
}
