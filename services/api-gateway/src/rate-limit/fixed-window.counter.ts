/**
 * Per-process fixed-window counters, bounded: the fallback of the shared limiter when its KV bucket does
 * not answer. Entries sit in the Map in the order their window started (re-inserted when a new one
 * starts), so the first entry is the oldest and eviction past keysMax is O(1).
 */
export class FixedWindowCounter {
  private readonly windows = new Map<string, { window: number; count: number }>();

  constructor(private readonly keysMax: number) {}

  /** Count one more request of `key` in `window` unless `limit` is reached; returns the count after it. */
  take(key: string, window: number, limit: number): { allowed: boolean; count: number } {
    let entry = this.windows.get(key);
    if (entry === undefined || entry.window !== window) {
      this.windows.delete(key);
      entry = { window, count: 0 };
      this.windows.set(key, entry);
      while (this.windows.size > this.keysMax) {
        const oldest = this.windows.keys().next().value;
        if (oldest === undefined) break;
        this.windows.delete(oldest);
      }
    }
    if (entry.count >= limit) return { allowed: false, count: entry.count };
    entry.count += 1;
    return { allowed: true, count: entry.count };
  }

  get size(): number {
    return this.windows.size;
  }
}
