import type { Database, Statement } from 'better-sqlite3';
import { DomainError } from '@ticketonomics/contracts';
import { strict as assert } from 'node:assert';

export interface GroupCommitOptions {
  /** Grouped writes committed together in one SQLite transaction (one fsync). */
  groupSizeMax: number;
  /** Grouped writes waiting past which new ones are refused with OVERLOADED rather than queued without bound. */
  queueLengthMax: number;
}

export const GROUP_COMMIT_DEFAULTS: GroupCommitOptions = { groupSizeMax: 500, queueLengthMax: 10_000 };

export interface GroupCommitStats {
  /** Transactions that committed grouped writes. */
  groups: number;
  /** Grouped writes that ran in a committed group, failed ones included. */
  items: number;
  lastGroupSize: number;
}

interface Queued {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * The write path of a service's one SQLite connection. Every transaction is synchronous: no await happens
 * inside one, so two can never interleave on the connection, which is what serializes writes ("cannot
 * start a transaction within a transaction" cannot occur). A service's stores class extends it.
 *
 * write() is one IMMEDIATE transaction, and so one fsync, per call. writeGrouped() is group commit for hot
 * paths: writes from concurrent requests queue up, and once per event-loop turn the queue runs them in one
 * transaction with a savepoint per write, so each fails alone and the group pays one fsync. Its promise
 * settles only after COMMIT, so a reply never announces a change that is not durable.
 */
export class SqliteWriter {
  private readonly listeners: (() => void)[] = [];
  private writesTotal = 0;
  private readonly groupCommit: GroupCommitOptions;
  private queue: Queued[] = [];
  private scheduled = false;
  private closed = false;
  private idleWaiters: (() => void)[] = [];
  readonly groupStats: GroupCommitStats = { groups: 0, items: 0, lastGroupSize: 0 };
  // Prepared once: db.transaction() builds its wrapper on every call, which would cost more per grouped
  // write than the savepoint itself.
  private readonly begin: Statement;
  private readonly commitGroup: Statement;
  private readonly rollbackGroup: Statement;
  private readonly savepoint: Statement;
  private readonly release: Statement;
  private readonly rollbackToSavepoint: Statement;

  /**
   * `assertWritable` runs first inside every transaction, write() and each group alike: a partition's
   * fence, which throws once another replica took the file over, so nothing is written after that (a
   * group it refuses is rolled back whole and every write of it gets its error).
   */
  constructor(
    readonly db: Database,
    groupCommit: Partial<GroupCommitOptions> = {},
    private readonly assertWritable: () => void = () => undefined,
  ) {
    this.groupCommit = { ...GROUP_COMMIT_DEFAULTS, ...groupCommit };
    assert(this.groupCommit.groupSizeMax >= 1, 'groupSizeMax must be at least 1');
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commitGroup = db.prepare('COMMIT');
    this.rollbackGroup = db.prepare('ROLLBACK');
    this.savepoint = db.prepare('SAVEPOINT grouped_write');
    this.release = db.prepare('RELEASE grouped_write');
    this.rollbackToSavepoint = db.prepare('ROLLBACK TO grouped_write');
  }

  /** Called after each committed transaction, once per group for grouped writes (so an outbox relay publishes at once). */
  onCommitted(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Write transactions committed since start; a group counts once. */
  get writes(): number {
    return this.writesTotal;
  }

  /** Grouped writes waiting for their group. */
  get queuedWrites(): number {
    return this.queue.length;
  }

  /** Run `work` in one transaction: all of it commits (with its events) or none of it does. */
  write<T>(work: () => T): T {
    assert(!this.db.inTransaction, 'a write is already in progress');
    const result = this.db
      .transaction(() => {
        this.assertWritable();
        const value = work();
        assert(!(value instanceof Promise), 'write() work must be synchronous');
        return value;
      })
      .immediate();
    this.committed();
    return result;
  }

  /**
   * Run `work` in its own savepoint of the next group's transaction: its writes commit (with its events)
   * or, when it throws, none of them do, and the other writes of the group are not touched. Resolves or
   * rejects only after the group's COMMIT. `work` runs after the writes queued before it, in order, and
   * sees their changes, so checks against what they wrote (caps, cooldowns) still hold one after another.
   * Anything `work` keeps outside SQLite must be kept only once the promise resolves, since a failed
   * commit undoes the whole group.
   */
  writeGrouped<T>(work: () => T): Promise<T> {
    if (this.closed) {
      return Promise.reject(
        new DomainError('UNAVAILABLE', 'the service is shutting down; retry on another instance'),
      );
    }
    if (this.queue.length >= this.groupCommit.queueLengthMax) {
      return Promise.reject(
        new DomainError(
          'OVERLOADED',
          `the service has ${this.queue.length} writes waiting to commit; retry shortly`,
        ),
      );
    }
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Refuse new grouped writes and wait until the queued ones are committed. write() still works. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.queue.length === 0 && !this.scheduled) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // After the I/O callbacks of this turn, so every request that arrived with this one joins its group.
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    const group = this.queue.splice(0, this.groupCommit.groupSizeMax);
    // Scheduled before committing, so a throwing listener cannot strand the writes behind this group.
    if (this.queue.length > 0) this.schedule();
    try {
      this.commit(group);
    } finally {
      if (this.queue.length === 0 && !this.scheduled) {
        for (const resolve of this.idleWaiters.splice(0)) resolve();
      }
    }
  }

  private commit(group: Queued[]): void {
    const outcomes: Outcome[] = [];
    try {
      assert(!this.db.inTransaction, 'a transaction is already open outside the writer');
      this.begin.run();
      this.assertWritable();
      for (const item of group) {
        outcomes.push(this.run(item));
        // SQLite rolls the whole transaction back by itself on some errors (disk full, I/O error), and
        // then the group's earlier writes are gone too.
        if (!this.db.inTransaction) throw new Error('the transaction was rolled back by SQLite');
      }
      this.commitGroup.run();
    } catch (error) {
      if (this.db.inTransaction) this.rollbackGroup.run();
      // Nothing of the group was written, so every write of it is safe to retry. Each gets the error
      // that undid it (a request handler logs it and answers INTERNAL, "retry later"); a write that had
      // failed on its own keeps its own error.
      for (const [index, item] of group.entries()) {
        const outcome = outcomes[index];
        item.reject(outcome?.ok === false ? outcome.error : error);
      }
      return;
    }
    this.groupStats.groups += 1;
    this.groupStats.items += group.length;
    this.groupStats.lastGroupSize = group.length;
    for (const [index, item] of group.entries()) {
      const outcome = outcomes[index]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    }
    this.committed();
  }

  /** One write in its savepoint; any error, domain or not, undoes exactly its own changes. */
  private run(item: Queued): Outcome {
    this.savepoint.run();
    try {
      const value = item.work();
      assert(!(value instanceof Promise), 'writeGrouped() work must be synchronous');
      this.release.run();
      return { ok: true, value };
    } catch (error) {
      if (this.db.inTransaction) {
        this.rollbackToSavepoint.run();
        this.release.run();
      }
      return { ok: false, error };
    }
  }

  private committed(): void {
    this.writesTotal += 1;
    for (const listener of this.listeners) listener();
  }
}
