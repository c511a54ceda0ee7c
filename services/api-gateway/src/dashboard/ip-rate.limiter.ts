import { SharedWindowCounter, type SharedLimitsBucket } from '@ticketonomics/messaging';

/** Limits of one rate limiter: a fixed window per key, and a cap on how many keys it remembers. */
export interface IpRateLimits {
  windowMs: number;
  requestsMax: number;
  /**
   * Keys the per-process fallback remembers at most; past it the oldest window is forgotten, so memory
   * stays bounded under a flood of IPs.
   */
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
 * A fixed-window limiter keyed by client address, for the public read-only endpoints, counted by every
 * gateway replica together in the shared limits bucket (per process while it is out of reach): a client
 * sent round-robin over N replicas by the load balancer still gets requestsMax, not N times it.
 */
export class IpRateLimiter {
  private readonly counter: SharedWindowCounter;

  /** `name` tells this limiter's windows from the others' in the bucket (e.g. dashboard_reads). */
  constructor(
    bucket: SharedLimitsBucket,
    name: string,
    private readonly limits: IpRateLimits,
  ) {
    this.counter = new SharedWindowCounter(bucket, { name, localKeysMax: limits.keysMax });
  }

  async take(key: string, now = Date.now()): Promise<RateDecision> {
    const hit = await this.counter.hit(key, this.limits.requestsMax, this.limits.windowMs, now);
    return {
      allowed: hit.allowed,
      retryAfterMs: hit.allowed ? 0 : hit.resetMs,
      remaining: hit.remaining,
      resetMs: hit.resetMs,
    };
  }
}
