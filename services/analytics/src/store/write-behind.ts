/**
 * A store that keeps the changes of the batch being applied in memory and writes each changed row once,
 * when the batch ends: a hot row (a community's totals, its hour, a treasury's balance) changes many times
 * in a batch, and one statement per change was most of a batch's cost. Only inside a write transaction
 * is anything pending; AnalyticsStores flushes it before the transaction commits and discards it whatever
 * happens, so a query outside a write reads committed rows and a failed batch leaves nothing behind.
 */
export interface WriteBehind {
  /** Write every pending row (inside the batch's transaction) and forget them. */
  flush(): void;
  /** Forget every pending change without writing it (the transaction rolled back, or it was flushed). */
  discard(): void;
}
