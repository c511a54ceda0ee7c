/**
 * Fixed windows counted in this process alone, bounded in memory: what a shared limit falls back to while
 * its bucket is out of reach. Entries sit in the Map in the order their window started (re-inserted when a
 * new one starts), so the first entry is the oldest and eviction past keysMax is O(1).
 */
export class LocalWindowCounter {
  private readonly windows = new Map<string, { window: number; count: number }>();

  constructor(private readonly keysMax: number) {}

  /** One more hit of `key` in `window` unless `limit` is reached; the count after it. */
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

  /** Gives one hit back, if `window` is still the key's window. */
  untake(key: string, window: number): void {
    const entry = this.windows.get(key);
    if (entry !== undefined && entry.window === window && entry.count > 0) entry.count -= 1;
  }

  get size(): number {
    return this.windows.size;
  }
}
