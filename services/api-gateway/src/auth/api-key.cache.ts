import type { VerifiedKey } from '../http/route';
import { BoundedCache } from '../shared/bounded.cache';

export interface ApiKeyCacheLimits {
  ttlMs: number;
  entriesMax: number;
}

/**
 * Verified API keys, briefly, so most requests skip the round trip to accounts. Bounded: a Map in
 * least-recently-used order (a hit moves the entry to the end), the first entry evicted past entriesMax.
 * Entries are keyed by a digest of the presented key, never the key itself.
 *
 * A revoked key id is dropped at once and remembered for one TTL, so a verification that was already in
 * flight when the revocation arrived cannot put the key back.
 */
export class ApiKeyCache {
  private readonly cache: BoundedCache<VerifiedKey>;
  private readonly revoked = new Map<string, number>();

  constructor(private readonly limits: ApiKeyCacheLimits) {
    this.cache = new BoundedCache(limits.entriesMax, limits.ttlMs);
  }

  get(digest: string, now = Date.now()): VerifiedKey | undefined {
    const key = this.cache.get(digest, now);
    return key === undefined || this.isRevoked(key.keyId, now) ? undefined : key;
  }

  set(digest: string, key: VerifiedKey, now = Date.now()): void {
    if (this.limits.ttlMs === 0 || this.isRevoked(key.keyId, now)) return;
    this.cache.set(digest, key, this.limits.ttlMs, now);
  }

  /** Drop every cached verification of the key and refuse to cache it again for one TTL. */
  revoke(keyId: string, now = Date.now()): void {
    this.cache.deleteWhere((key) => key.keyId === keyId);
    this.revoked.delete(keyId);
    this.revoked.set(keyId, now + this.limits.ttlMs);
    this.pruneRevoked(now);
  }

  /** Forget everything (after a NATS reconnect, when revocations may have been missed). */
  clear(): void {
    this.cache.clear();
  }

  get size(): number {
    return this.cache.size;
  }

  private isRevoked(keyId: string, now: number): boolean {
    const until = this.revoked.get(keyId);
    return until !== undefined && until > now;
  }

  /** The revoked map is in insertion (= expiry) order: drop expired ones from the front, and bound it. */
  private pruneRevoked(now: number): void {
    for (const [keyId, until] of this.revoked) {
      if (until > now && this.revoked.size <= this.limits.entriesMax) break;
      this.revoked.delete(keyId);
    }
  }
}
