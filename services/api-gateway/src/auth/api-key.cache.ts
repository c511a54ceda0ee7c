import type { VerifiedKey } from '../http/route';

export interface ApiKeyCacheLimits {
  ttlMs: number;
  entriesMax: number;
}

interface Entry {
  key: VerifiedKey;
  expiresAt: number;
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
  private readonly entries = new Map<string, Entry>();
  private readonly revoked = new Map<string, number>();

  constructor(private readonly limits: ApiKeyCacheLimits) {}

  get(digest: string, now = Date.now()): VerifiedKey | undefined {
    const entry = this.entries.get(digest);
    if (entry === undefined) return undefined;
    this.entries.delete(digest);
    if (entry.expiresAt <= now || this.isRevoked(entry.key.keyId, now)) return undefined;
    this.entries.set(digest, entry);
    return entry.key;
  }

  set(digest: string, key: VerifiedKey, now = Date.now()): void {
    if (this.limits.ttlMs === 0 || this.isRevoked(key.keyId, now)) return;
    this.entries.delete(digest);
    this.entries.set(digest, { key, expiresAt: now + this.limits.ttlMs });
    while (this.entries.size > this.limits.entriesMax) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  /** Drop every cached verification of the key and refuse to cache it again for one TTL. */
  revoke(keyId: string, now = Date.now()): void {
    for (const [digest, entry] of this.entries) {
      if (entry.key.keyId === keyId) this.entries.delete(digest);
    }
    this.revoked.delete(keyId);
    this.revoked.set(keyId, now + this.limits.ttlMs);
    this.pruneRevoked(now);
  }

  /** Forget everything (after a NATS reconnect, when revocations may have been missed). */
  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
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
