import type { PublishRow } from '@ticketonomics/messaging';

/**
 * The events raised by the writes of the commit group being built. They travel in the group's journal
 * message and go out once it is committed; a write undone by its savepoint drops the events it raised
 * (LedgerStores marks the length before each savepoint and cuts back to it on rollback).
 */
export class GroupEventsBuffer {
  private rows: PublishRow[] = [];

  push(row: PublishRow): void {
    this.rows.push(row);
  }

  get length(): number {
    return this.rows.length;
  }

  /** Forget the events raised after the first `length`. */
  truncate(length: number): void {
    if (length < this.rows.length) this.rows.length = length;
  }

  /** The group's events, in the order raised; the buffer is empty afterwards. */
  take(): PublishRow[] {
    const rows = this.rows;
    this.rows = [];
    return rows;
  }
}

/** A group's events as the JSON array its journal message carries (each payload is a CloudEvent's JSON). */
export function eventsJsonOf(rows: readonly PublishRow[]): string {
  return `[${rows.map((row) => row.payload).join(',')}]`;
}
