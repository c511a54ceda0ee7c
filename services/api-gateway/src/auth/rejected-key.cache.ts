export type RejectionReason = 'invalid' | 'revoked';

export interface RejectedKeyCacheLimits {
  ttlMs: number;
  entriesMax: number;
}

interface Entry {
  reason: RejectionReason;
  expiresAt: number;
}

/**
 * Keys accounts refused, briefly, so a client repeating a bad or revoked key is answered here instead of
 * by another round trip. Keyed by a digest of the presented key, never the key; bounded like ApiKeyCache
 * (least recently used first out past entriesMax). Refusals only: a service that did not answer is not
 * a refusal, and a refused key never becomes valid (its secret cannot change), so nothing needs dropping.
 */
export class RejectedKeyCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly limits: RejectedKeyCacheLimits) {}

  get(digest: string, now = Date.now()): RejectionReason | undefined {
    const entry = this.entries.get(digest);
    if (entry === undefined) return undefined;
    this.entries.delete(digest);
    if (entry.expiresAt <= now) return undefined;
    this.entries.set(digest, entry);
    return entry.reason;
  }

  set(digest: string, reason: RejectionReason, now = Date.now()): void {
    if (this.limits.ttlMs === 0) return;
    this.entries.delete(digest);
    this.entries.set(digest, { reason, expiresAt: now + this.limits.ttlMs });
    while (this.entries.size > this.limits.entriesMax) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
