import { DomainError, isDomainError } from '@ticketonomics/contracts';
import type { PublishRow } from '@ticketonomics/messaging';
import type { LedgerStores } from '../store/ledger.stores';

export interface CommitQueueOptions {
  /** Writes (transfers, or other changes) committed together in one SQLite transaction. */
  groupSizeMax: number;
  /** Items waiting past which new work is refused with OVERLOADED rather than queued without bound. */
  queueLengthMax: number;
}

export const COMMIT_QUEUE_DEFAULTS: CommitQueueOptions = { groupSizeMax: 2_000, queueLengthMax: 100_000 };

/** The partition's replicated journal, as the queue uses it (replication/journal.appender.ts). */
export interface JournalAppender {
  /**
   * Stores a group's changes and the events its writes raised in the replicated journal; rejects when it
   * cannot (the group rolls back).
   */
  append(changesJson: string, events: PublishRow[]): Promise<void>;
  /** The group last appended is committed in the file too: its events may go out. */
  committed(): void;
  /** After a failed append: brings the file and what the stores keep in memory up to the journal. */
  resync(): Promise<void>;
  /** Rows of changes past which a group takes no further writes (they go in the next group). */
  groupRowsMax: number;
  /** Pause between tries to resync while the journal cannot be reached. */
  resyncRetryMs: number;
}

export interface SubmitOptions {
  /** How many writes the item makes: a linked batch of 100 transfers weighs 100. */
  weight?: number;
  /**
   * The work makes every check before its first write, so an expected failure (a DomainError) leaves
   * nothing to undo and the item can skip its savepoint, which is a third of a transfer's cost. Anything
   * else thrown, or a DomainError after the journal moved, aborts the whole group instead.
   */
  checksBeforeWrites?: boolean;
}

interface Item {
  work: () => unknown;
  weight: number;
  checksBeforeWrites: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  outcome?: { ok: true; value: unknown } | { ok: false; error: unknown };
}

export interface CommitStats {
  groups: number;
  items: number;
  lastGroupSize: number;
  abortedGroups: number;
}

/** Thrown inside a group's transaction to roll all of it back. */
class GroupAbort extends Error {
  constructor(
    readonly culprit: Item,
    override readonly cause: unknown,
  ) {
    super('group aborted');
  }
}

/**
 * Group commit. Writes from concurrent requests queue up; once per event-loop turn the queue runs all of
 * them (up to groupSizeMax writes) in one SQLite transaction, each failing on its own without touching the
 * others. Replies go out only after the transaction is durably committed, and one fsync covers the whole
 * group, so the disk's sync latency does not cap the transfer rate.
 */
export class CommitQueue {
  private readonly options: CommitQueueOptions;
  private queue: Item[] = [];
  private scheduled = false;
  private closed = false;
  private idleWaiters: (() => void)[] = [];
  readonly stats: CommitStats = { groups: 0, items: 0, lastGroupSize: 0, abortedGroups: 0 };

  private readonly committedListeners: ((groupSize: number) => void)[] = [];
  /** A replicated group, or a resync, is in flight: the next group waits for it. */
  private busy = false;
  /** The last append failed and the file is not yet back in step with the journal: writes are refused. */
  private broken = false;
  private settledWaiters: (() => void)[] = [];

  constructor(
    private readonly stores: LedgerStores,
    options: Partial<CommitQueueOptions> = {},
    private readonly journal: JournalAppender | null = null,
  ) {
    this.options = { ...COMMIT_QUEUE_DEFAULTS, ...options };
  }

  /** Called after each durable group commit, with the number of writes it held. */
  onCommitted(listener: (groupSize: number) => void): void {
    this.committedListeners.push(listener);
  }

  submit<T>(work: () => T, options: SubmitOptions = {}): Promise<T> {
    if (this.closed) {
      return Promise.reject(
        new DomainError('UNAVAILABLE', 'the ledger is shutting down; retry on another instance'),
      );
    }
    if (this.broken) return Promise.reject(journalUnavailable());
    if (this.queue.length >= this.options.queueLengthMax) {
      return Promise.reject(
        new DomainError('OVERLOADED', `the ledger has ${this.queue.length} writes queued; retry shortly`),
      );
    }
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        work,
        weight: options.weight ?? 1,
        checksBeforeWrites: options.checksBeforeWrites ?? false,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      this.schedule();
    });
  }

  /**
   * Resolves once no replicated group is in flight. Meanwhile its transaction is open on the connection
   * everything shares, so a read would see writes that are not yet in the journal, nor acknowledged, and
   * may still be undone: whoever must see committed data only (the outbox relay, which publishes what it
   * reads) waits for this first. It resolves before the next group can start.
   */
  settled(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise<void>((resolve) => this.settledWaiters.push(resolve));
  }

  get length(): number {
    return this.queue.length;
  }

  /** Resolves once everything queued so far is committed (or refused); new work is still taken. */
  async idle(): Promise<void> {
    if (this.queue.length === 0 && !this.scheduled && !this.busy) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /** Refuse new work and wait until everything queued is committed. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.queue.length === 0 && !this.scheduled && !this.busy) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    // The group in flight schedules the next one when it is done.
    if (this.busy) return;
    const group = this.queue.splice(0, this.groupLength());
    if (group.length > 0 && this.journal !== null) {
      this.busy = true;
      void this.commitReplicated(group, this.journal).finally(() => {
        this.busy = false;
        for (const resolve of this.settledWaiters.splice(0)) resolve();
        this.afterGroup();
      });
      return;
    }
    if (group.length > 0) this.commit(group);
    this.afterGroup();
  }

  private afterGroup(): void {
    if (this.queue.length > 0) {
      this.schedule();
    } else {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  /**
   * One group through the replicated journal: its writes run in one transaction until the group is full
   * or carries groupRowsMax rows of changes (the rest go back to the head of the queue), the changes are
   * stored in the journal, then the transaction commits and the writes are answered. When the journal
   * cannot take them, nothing of the group is kept, its writes and those queued are answered UNAVAILABLE,
   * and the queue refuses writes until the file is back in step with the journal.
   */
  private async commitReplicated(group: Item[], journal: JournalAppender): Promise<void> {
    let ran = 0;
    let appending = false;
    try {
      await this.stores.isolatedReplicated(
        () => {
          for (const item of group) {
            item.outcome = this.run(item);
            ran += 1;
            if (this.stores.caughtRows >= journal.groupRowsMax) break;
          }
        },
        (changes, events) => {
          appending = true;
          return journal.append(changes, events);
        },
      );
    } catch (error) {
      if (error instanceof GroupAbort) {
        // A write failed in a way that undoes the group: as in commit(), the culprit and those before it.
        this.queue.unshift(...group.slice(ran + 1));
        this.failGroup(group.slice(0, ran + 1), error);
        return;
      }
      if (!appending) {
        // Refused before the journal was asked (the partition's fence, the file's lock): as in commit(),
        // the whole group, so that a replica that lost its partition empties its queue and can close it.
        this.failGroup(group, error);
        return;
      }
      // The journal did not take the group: nothing of it is kept; the writes not run yet are refused
      // with those queued while the file catches up.
      this.queue.unshift(...group.slice(ran));
      this.failGroup(group.slice(0, ran), journalUnavailable());
      await this.resync(journal);
      return;
    }
    journal.committed();
    this.queue.unshift(...group.slice(ran));
    this.committed(group.slice(0, ran));
  }

  /** Writes are refused until the file and the stores are back in step with the journal. */
  private async resync(journal: JournalAppender): Promise<void> {
    this.broken = true;
    for (const item of this.queue.splice(0)) item.reject(journalUnavailable());
    for (;;) {
      try {
        await journal.resync();
        this.broken = false;
        return;
      } catch {
        // The journal is still out of reach (the appender logged why): writes keep being refused.
        if (this.closed) return;
        await new Promise((resolve) => setTimeout(resolve, journal.resyncRetryMs));
      }
    }
  }

  /** Items from the head of the queue that fit in one group; always at least one. */
  private groupLength(): number {
    let weight = 0;
    let length = 0;
    for (const item of this.queue) {
      if (length > 0 && weight + item.weight > this.options.groupSizeMax) break;
      weight += item.weight;
      length += 1;
    }
    return length;
  }

  private commit(group: Item[]): void {
    try {
      this.stores.isolated(() => {
        for (const item of group) item.outcome = this.run(item);
      });
    } catch (error) {
      this.failGroup(group, error);
      return;
    }
    // Without a replicated journal (unit tests of the write paths) there is nowhere for events to go.
    this.stores.events.take();
    this.committed(group);
  }

  /**
   * Nothing of the group was written: a bug in one item, or the commit itself failed (disk full, I/O
   * error, the journal out of reach). The others never ran to completion and are safe to retry with the
   * same ids.
   */
  private failGroup(group: Item[], error: unknown): void {
    this.stats.abortedGroups += 1;
    for (const item of group) {
      if (error instanceof GroupAbort && item !== error.culprit) {
        item.reject(
          new DomainError(
            'UNAVAILABLE',
            'not applied: another write of its group failed; retry with the same id',
          ),
        );
      } else if (error instanceof GroupAbort) {
        item.reject(error.cause);
      } else {
        item.reject(error);
      }
    }
  }

  private committed(group: Item[]): void {
    this.stats.groups += 1;
    const weight = group.reduce((sum, item) => sum + item.weight, 0);
    this.stats.items += weight;
    this.stats.lastGroupSize = weight;
    for (const listener of this.committedListeners) listener(weight);
    for (const item of group) {
      const outcome = item.outcome;
      if (outcome === undefined) item.reject(new Error('work item produced no outcome'));
      else if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    }
  }

  private run(item: Item): Item['outcome'] {
    if (!item.checksBeforeWrites) {
      try {
        return { ok: true, value: this.stores.isolated(item.work) };
      } catch (error) {
        return { ok: false, error };
      }
    }
    const head = this.stores.journal.snapshot();
    const eventsMark = this.stores.events.length;
    try {
      return { ok: true, value: item.work() };
    } catch (error) {
      const wroteNothing =
        this.stores.journal.snapshot().nextSeq === head.nextSeq && this.stores.events.length === eventsMark;
      if (isDomainError(error) && wroteNothing) return { ok: false, error };
      throw new GroupAbort(item, error);
    }
  }
}

function journalUnavailable(): DomainError {
  return new DomainError(
    'UNAVAILABLE',
    'not applied: the ledger cannot reach its replicated journal (NATS JetStream) just now; retry with the same id',
  );
}
