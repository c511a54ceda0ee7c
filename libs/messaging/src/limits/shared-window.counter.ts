import type { KV } from '@nats-io/kv';
import { encodeJson } from '../codec';
import { KeyQueue } from './key-queue';
import { assertLimitName, limitKeyToken } from './limit-key';
import { LocalWindowCounter } from './local-window.counter';
import { isRevisionConflict, type SharedLimitsBucket } from './shared-limits.bucket';

export interface SharedWindowCounterOptions {
  /** The limit's name, the first token of its keys (e.g. auth_failures). */
  name: string;
  /** Keys the local fallback remembers at most. */
  localKeysMax: number;
  /** Compare-and-set attempts when other replicas write the same window at once. */
  casAttemptsMax?: number;
  /** Told each time a hit is counted in this process alone (a metric). */
  onLocal?: () => void;
}

/** What one hit counted: whether it was under the limit, and what is left of the window. */
export interface WindowHit {
  allowed: boolean;
  limit: number;
  /** Hits in the window after this one (at most the limit). */
  count: number;
  remaining: number;
  /** Milliseconds until the window starts over (Retry-After, X-RateLimit-Reset). */
  resetMs: number;
  /** The window's number (time / windowMs): what `undo` gives a hit back to. */
  window: number;
  /** Counted in the shared bucket ('kv'), or in this process alone while the bucket is out of reach. */
  source: 'kv' | 'local';
}

const CAS_ATTEMPTS_MAX_DEFAULT = 8;

/**
 * Fixed windows counted by every replica together: the key `w.<name>.<key>.<windowMs>.<window>` of the
 * shared bucket holds the window's count, incremented with compare-and-set (read, then create or update at
 * the revision read; a concurrent writer makes the write fail and the loop read again, at most
 * casAttemptsMax times). Windows are aligned on multiples of windowMs, so every replica agrees which window
 * a hit falls in; the bucket's max age removes old windows.
 *
 * When the bucket is out of reach, or one window is too contended to settle within the attempts, the hit
 * is counted in this process alone with the same limit (fail open to the per-process limit: across N
 * replicas at most N times the limit until the bucket answers again).
 */
export class SharedWindowCounter {
  private readonly local: LocalWindowCounter;
  private readonly queue = new KeyQueue();
  private readonly casAttemptsMax: number;

  constructor(
    private readonly bucket: SharedLimitsBucket,
    private readonly options: SharedWindowCounterOptions,
  ) {
    assertLimitName(options.name);
    this.local = new LocalWindowCounter(options.localKeysMax);
    this.casAttemptsMax = options.casAttemptsMax ?? CAS_ATTEMPTS_MAX_DEFAULT;
  }

  /** Counts one hit of `key` in its current window of `windowMs`, unless `limit` hits are counted already. */
  hit(key: string, limit: number, windowMs: number, now = Date.now()): Promise<WindowHit> {
    const window = Math.floor(now / windowMs);
    const resetMs = Math.max(1, (window + 1) * windowMs - now);
    const kvKey = this.kvKey(key, windowMs, window);
    const decide = (
      counted: { allowed: boolean; count: number },
      source: WindowHit['source'],
    ): WindowHit => ({
      allowed: counted.allowed,
      limit,
      count: counted.count,
      remaining: Math.max(0, limit - counted.count),
      resetMs,
      window,
      source,
    });
    return this.queue.run(kvKey, async () => {
      const answer = await this.bucket.run((kv, bounded) => this.increment(kv, bounded, kvKey, limit));
      if (answer.ok && answer.value !== null) return decide(answer.value, 'kv');
      this.options.onLocal?.();
      return decide(this.local.take(this.localKey(key, windowMs), window, limit), 'local');
    });
  }

  /**
   * Gives back a hit that turned out not to count (e.g. a verification slot of a key found valid), in the
   * window it was counted in and where: nothing when that window is over.
   */
  async undo(key: string, windowMs: number, hit: WindowHit): Promise<void> {
    if (!hit.allowed) return;
    if (hit.source === 'local') {
      this.local.untake(this.localKey(key, windowMs), hit.window);
      return;
    }
    const kvKey = this.kvKey(key, windowMs, hit.window);
    await this.queue.run(kvKey, () => this.bucket.run((kv, bounded) => this.decrement(kv, bounded, kvKey)));
  }

  private async increment(
    kv: KV,
    bounded: <R>(request: Promise<R>) => Promise<R>,
    kvKey: string,
    limit: number,
  ): Promise<{ allowed: boolean; count: number } | null> {
    for (let attempt = 0; attempt < this.casAttemptsMax; attempt += 1) {
      const entry = await bounded(kv.get(kvKey));
      const current = entry === null || entry.operation !== 'PUT' ? null : countOf(entry.string());
      try {
        if (current !== null && current >= limit) return { allowed: false, count: current };
        if (entry === null) await bounded(kv.create(kvKey, encodeJson(1)));
        else await bounded(kv.update(kvKey, encodeJson((current ?? 0) + 1), entry.revision));
        return { allowed: true, count: (current ?? 0) + 1 };
      } catch (error) {
        if (!isRevisionConflict(error)) throw error;
      }
    }
    return null;
  }

  private async decrement(
    kv: KV,
    bounded: <R>(request: Promise<R>) => Promise<R>,
    kvKey: string,
  ): Promise<void> {
    for (let attempt = 0; attempt < this.casAttemptsMax; attempt += 1) {
      const entry = await bounded(kv.get(kvKey));
      const current = entry === null || entry.operation !== 'PUT' ? null : countOf(entry.string());
      if (entry === null || current === null || current === 0) return;
      try {
        await bounded(kv.update(kvKey, encodeJson(current - 1), entry.revision));
        return;
      } catch (error) {
        if (!isRevisionConflict(error)) throw error;
      }
    }
  }

  private kvKey(key: string, windowMs: number, window: number): string {
    return `w.${this.options.name}.${limitKeyToken(key)}.${windowMs}.${window}`;
  }

  private localKey(key: string, windowMs: number): string {
    return `${windowMs}|${key}`;
  }
}

/** A stored count, or null for anything else (then the window counts from 0 again). */
function countOf(text: string): number | null {
  const count = Number(text);
  return Number.isSafeInteger(count) && count >= 0 ? count : null;
}
