import { DomainError } from '@ticketonomics/contracts';
import type { LedgerStores } from '../store/ledger.stores';

export interface CommitQueueOptions {
  /** Work items committed together in one SQLite transaction. */
  groupSizeMax: number;
  /** Items waiting past which new work is refused with OVERLOADED rather than queued without bound. */
  queueLengthMax: number;
}

export const COMMIT_QUEUE_DEFAULTS: CommitQueueOptions = { groupSizeMax: 2_000, queueLengthMax: 100_000 };

interface Item {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  outcome?: { ok: true; value: unknown } | { ok: false; error: unknown };
}

export interface CommitStats {
  groups: number;
  items: number;
  lastGroupSize: number;
}

/**
 * Group commit. Writes from concurrent requests queue up; once per event-loop turn the queue runs all of
 * them (up to groupSizeMax) in one SQLite transaction, each in its own savepoint so one request's failure
 * undoes only its own writes. Replies go out only after the transaction is durably committed, and one
 * fsync covers the whole group, so the disk's sync latency does not cap the transfer rate.
 */
export class CommitQueue {
  private readonly options: CommitQueueOptions;
  private queue: Item[] = [];
  private scheduled = false;
  private closed = false;
  private idleWaiters: (() => void)[] = [];
  readonly stats: CommitStats = { groups: 0, items: 0, lastGroupSize: 0 };

  constructor(
    private readonly stores: LedgerStores,
    private readonly onCommitted: (groupSize: number) => void,
    options: Partial<CommitQueueOptions> = {},
  ) {
    this.options = { ...COMMIT_QUEUE_DEFAULTS, ...options };
  }

  submit<T>(work: () => T): Promise<T> {
    if (this.closed) {
      return Promise.reject(
        new DomainError('UNAVAILABLE', 'the ledger is shutting down; retry on another instance'),
      );
    }
    if (this.queue.length >= this.options.queueLengthMax) {
      return Promise.reject(
        new DomainError('OVERLOADED', `the ledger has ${this.queue.length} writes queued; retry shortly`),
      );
    }
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  get length(): number {
    return this.queue.length;
  }

  /** Refuse new work and wait until everything queued is committed. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.queue.length === 0 && !this.scheduled) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    const group = this.queue.splice(0, this.options.groupSizeMax);
    if (group.length > 0) this.commit(group);
    if (this.queue.length > 0) {
      this.schedule();
    } else {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  private commit(group: Item[]): void {
    try {
      this.stores.isolated(() => {
        for (const item of group) {
          try {
            item.outcome = { ok: true, value: this.stores.isolated(item.work) };
          } catch (error) {
            item.outcome = { ok: false, error };
          }
        }
      });
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing of the group was written.
      for (const item of group) item.reject(error);
      return;
    }
    this.stats.groups += 1;
    this.stats.items += group.length;
    this.stats.lastGroupSize = group.length;
    this.onCommitted(group.length);
    for (const item of group) {
      const outcome = item.outcome;
      if (outcome === undefined) item.reject(new Error('work item produced no outcome'));
      else if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    }
  }
}
