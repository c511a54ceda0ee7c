/** Limits of one rate limiter: a fixed window per key, and a cap on how many keys it remembers. */
export interface IpRateLimits {
  windowMs: number;
  requestsMax: number;
  /** Keys remembered at most; past it the oldest window is forgotten, so memory stays bounded under a flood of IPs. */
  keysMax: number;
}

export interface RateDecision {
  allowed: boolean;
  /** How long until the key's window starts over (0 when allowed). */
  retryAfterMs: number;
}

interface Window {
  startedAt: number;
  count: number;
}

/**
 * A small in-memory fixed-window limiter keyed by client IP, for the public read-only endpoints. It is
 * per process on purpose: the dashboard is cheap to serve and a replica forgetting its windows only
 * resets a few budgets. Entries sit in the Map in window-start order (re-inserted when a window starts
 * over), so the first entry is always the oldest and eviction is O(1).
 */
export class IpRateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly limits: IpRateLimits) {}

  take(key: string, now = Date.now()): RateDecision {
    let window = this.windows.get(key);
    if (window === undefined || now - window.startedAt >= this.limits.windowMs) {
      this.windows.delete(key);
      window = { startedAt: now, count: 0 };
      this.windows.set(key, window);
      this.evict(now);
    }
    if (window.count >= this.limits.requestsMax) {
      return { allowed: false, retryAfterMs: Math.max(0, window.startedAt + this.limits.windowMs - now) };
    }
    window.count += 1;
    return { allowed: true, retryAfterMs: 0 };
  }

  get size(): number {
    return this.windows.size;
  }

  private evict(now: number): void {
    for (const [key, window] of this.windows) {
      const expired = now - window.startedAt >= this.limits.windowMs;
      if (!expired && this.windows.size <= this.limits.keysMax) return;
      this.windows.delete(key);
    }
  }
}
