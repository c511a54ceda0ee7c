import { KeyedWindows } from '../shared/keyed.windows';

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
  /** Requests left in the window after this one. */
  remaining: number;
  /** How long until the key's window starts over, allowed or not (X-RateLimit-Reset). */
  resetMs: number;
}

/**
 * A small in-memory fixed-window limiter keyed by client IP, for the public read-only endpoints. It is
 * per process on purpose: the dashboard is cheap to serve and a replica forgetting its windows only
 * resets a few budgets.
 */
export class IpRateLimiter {
  private readonly windows: KeyedWindows;

  constructor(private readonly limits: IpRateLimits) {
    this.windows = new KeyedWindows(limits.windowMs, limits.keysMax);
  }

  take(key: string, now = Date.now()): RateDecision {
    const window = this.windows.current(key, now);
    const resetMs = this.windows.remainingMs(window, now);
    if (window.count >= this.limits.requestsMax) {
      return { allowed: false, retryAfterMs: resetMs, remaining: 0, resetMs };
    }
    window.count += 1;
    return { allowed: true, retryAfterMs: 0, remaining: this.limits.requestsMax - window.count, resetMs };
  }

  get size(): number {
    return this.windows.size;
  }
}
