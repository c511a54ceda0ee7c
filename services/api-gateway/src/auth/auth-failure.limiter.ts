import { KeyedWindows, type KeyedWindow } from '../shared/keyed.windows';

export interface AuthFailureLimits {
  /** Failed authentications one address may make per window. */
  failuresMax: number;
  windowMs: number;
  /** Addresses counted at once; past it the oldest window is forgotten, so a flood of addresses stays bounded. */
  addressesMax: number;
}

export interface AuthFailureDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the address's window starts over (Retry-After, X-RateLimit-Reset). */
  resetSeconds: number;
}

/**
 * Failed authentications per client address, in a fixed window that starts with the address's first
 * failure, per process and in bounded memory.
 *
 * A verification about to be asked of accounts takes a slot first (reserve) and gives it back when the
 * key turns out valid (release): so even a burst of concurrent requests with fresh bad keys reaches
 * accounts at most failuresMax times per window.
 */
export class AuthFailureLimiter {
  private readonly windows: KeyedWindows;

  constructor(private readonly limits: AuthFailureLimits) {
    this.windows = new KeyedWindows(limits.windowMs, limits.addressesMax);
  }

  /** Count a failed authentication; not allowed once the address has made more than failuresMax. */
  record(address: string, now = Date.now()): AuthFailureDecision {
    const window = this.windows.current(address, now);
    window.count = Math.min(window.count + 1, this.limits.failuresMax + 1);
    return this.decision(window, window.count <= this.limits.failuresMax, now);
  }

  /** Take a slot for a verification in flight, if the address has one left; counted as a failure until released. */
  reserve(address: string, now = Date.now()): AuthFailureDecision & { startedAt: number } {
    const window = this.windows.current(address, now);
    const allowed = window.count < this.limits.failuresMax;
    if (allowed) window.count += 1;
    return { ...this.decision(window, allowed, now), startedAt: window.startedAt };
  }

  /** Give back a slot taken by reserve, unless the window it was taken in is over. */
  release(address: string, startedAt: number): void {
    const window = this.windows.peek(address);
    if (window !== undefined && window.startedAt === startedAt && window.count > 0) window.count -= 1;
  }

  get size(): number {
    return this.windows.size;
  }

  private decision(window: KeyedWindow, allowed: boolean, now: number): AuthFailureDecision {
    return {
      allowed,
      limit: this.limits.failuresMax,
      remaining: Math.max(0, this.limits.failuresMax - window.count),
      resetSeconds: Math.max(1, Math.ceil(this.windows.remainingMs(window, now) / 1000)),
    };
  }
}
