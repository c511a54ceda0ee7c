import type { Database } from 'better-sqlite3';
import { strict as assert } from 'node:assert';

/**
 * The write path of a service's one SQLite connection: each write is one synchronous IMMEDIATE
 * transaction holding the change and its outbox rows. Being synchronous, two writes can never interleave
 * on the connection, which is what serializes them (no await happens inside a transaction, so "cannot
 * start a transaction within a transaction" cannot occur). A service's stores class extends it.
 */
export class SqliteWriter {
  private readonly listeners: (() => void)[] = [];
  private writesTotal = 0;

  constructor(readonly db: Database) {}

  /** Called after each committed write (so an outbox relay publishes at once). */
  onCommitted(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Write transactions committed since start. */
  get writes(): number {
    return this.writesTotal;
  }

  /** Run `work` in one transaction: all of it commits (with its events) or none of it does. */
  write<T>(work: () => T): T {
    assert(!this.db.inTransaction, 'a write is already in progress');
    const result = this.db
      .transaction(() => {
        const value = work();
        assert(!(value instanceof Promise), 'write() work must be synchronous');
        return value;
      })
      .immediate();
    this.writesTotal += 1;
    for (const listener of this.listeners) listener();
    return result;
  }
}
