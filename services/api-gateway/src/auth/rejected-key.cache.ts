import { BoundedCache } from '../shared/bounded.cache';

export type RejectionReason = 'invalid' | 'revoked';

export interface RejectedKeyCacheLimits {
  ttlMs: number;
  entriesMax: number;
}

/**
 * Keys accounts refused, briefly, so a client repeating a bad or revoked key is answered here instead of
 * by another round trip. Keyed by a digest of the presented key, never the key; bounded like ApiKeyCache
 * (least recently used first out past entriesMax). Refusals only: a service that did not answer is not
 * a refusal, and a refused key never becomes valid (its secret cannot change), so nothing needs dropping.
 */
export class RejectedKeyCache {
  private readonly cache: BoundedCache<RejectionReason>;

  constructor(private readonly limits: RejectedKeyCacheLimits) {
    this.cache = new BoundedCache(limits.entriesMax, limits.ttlMs);
  }

  get(digest: string, now = Date.now()): RejectionReason | undefined {
    return this.cache.get(digest, now);
  }

  set(digest: string, reason: RejectionReason, now = Date.now()): void {
    if (this.limits.ttlMs === 0) return;
    this.cache.set(digest, reason, this.limits.ttlMs, now);
  }

  get size(): number {
    return this.cache.size;
  }
}
