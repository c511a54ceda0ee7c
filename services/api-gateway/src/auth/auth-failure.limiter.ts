import type { SharedLimitsBucket, WindowHit } from '@ticketonomics/messaging';
import { SharedWindowCounter } from '@ticketonomics/messaging';

export interface AuthFailureLimits {
  /** Failed authentications one address may make per window, over every gateway replica. */
  failuresMax: number;
  windowMs: number;
  /** Addresses the per-process fallback counts at once; past it the oldest window is forgotten. */
  addressesMax: number;
}

export interface AuthFailureDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the address's window starts over (Retry-After, X-RateLimit-Reset). */
  resetSeconds: number;
}

/** A verification's failure slot: given back with release when the key turns out valid. */
export type AuthFailureSlot = AuthFailureDecision & { hit: WindowHit };

/**
 * Failed authentications per client address, in fixed windows counted by every gateway replica together
 * (the shared limits bucket; per process while it is out of reach), so spreading a guessing attack over
 * the replicas behind the load balancer gains nothing.
 *
 * A verification about to be asked of accounts takes a slot first (reserve) and gives it back when the
 * key turns out valid (release): so even a burst of concurrent requests with fresh bad keys reaches
 * accounts at most failuresMax times per window.
 */
export class AuthFailureLimiter {
  private readonly counter: SharedWindowCounter;

  constructor(
    bucket: SharedLimitsBucket,
    private readonly limits: AuthFailureLimits,
    onLocal?: () => void,
  ) {
    this.counter = new SharedWindowCounter(bucket, {
      name: 'auth_failures',
      localKeysMax: limits.addressesMax,
      onLocal,
    });
  }

  /** Count a failed authentication; not allowed once the address has made failuresMax in the window. */
  async record(address: string, now = Date.now()): Promise<AuthFailureDecision> {
    return this.decision(await this.counter.hit(address, this.limits.failuresMax, this.limits.windowMs, now));
  }

  /** Take a slot for a verification in flight, if the address has one left; counted as a failure until released. */
  async reserve(address: string, now = Date.now()): Promise<AuthFailureSlot> {
    const hit = await this.counter.hit(address, this.limits.failuresMax, this.limits.windowMs, now);
    return { ...this.decision(hit), hit };
  }

  /** Give back a slot taken by reserve, unless the window it was taken in is over. */
  async release(address: string, slot: AuthFailureSlot): Promise<void> {
    await this.counter.undo(address, this.limits.windowMs, slot.hit);
  }

  private decision(hit: WindowHit): AuthFailureDecision {
    return {
      allowed: hit.allowed,
      limit: hit.limit,
      remaining: hit.remaining,
      resetSeconds: Math.max(1, Math.ceil(hit.resetMs / 1000)),
    };
  }
}
