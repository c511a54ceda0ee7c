export interface KeyedWindow {
  startedAt: number;
  count: number;
}

/**
 * Per-process counting windows, one per key, each starting at the key's first hit and lasting windowMs;
 * bounded in memory. Entries sit in the Map in window-start order (re-inserted when a window starts over),
 * so the first entry is always the oldest and eviction past keysMax is O(1).
 */
export class KeyedWindows {
  private readonly windows = new Map<string, KeyedWindow>();

  constructor(
    private readonly windowMs: number,
    private readonly keysMax: number,
  ) {}

  /** The key's current window, started afresh when there is none or the last one is over. */
  current(key: string, now: number): KeyedWindow {
    let window = this.windows.get(key);
    if (window === undefined || now - window.startedAt >= this.windowMs) {
      this.windows.delete(key);
      window = { startedAt: now, count: 0 };
      this.windows.set(key, window);
      this.evict(now);
    }
    return window;
  }

  /** The key's window as it is, without starting one. */
  peek(key: string): KeyedWindow | undefined {
    return this.windows.get(key);
  }

  /** Milliseconds until the window starts over. */
  remainingMs(window: KeyedWindow, now: number): number {
    return Math.max(0, window.startedAt + this.windowMs - now);
  }

  get size(): number {
    return this.windows.size;
  }

  private evict(now: number): void {
    for (const [key, window] of this.windows) {
      const expired = now - window.startedAt >= this.windowMs;
      if (!expired && this.windows.size <= this.keysMax) return;
      this.windows.delete(key);
    }
  }
}
