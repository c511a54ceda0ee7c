import type { KV } from '@nats-io/kv';
import { encodeJson } from '../codec';
import { KeyQueue } from './key-queue';
import { assertLimitName, limitKeyToken } from './limit-key';
import { isRevisionConflict, type SharedLimitsBucket } from './shared-limits.bucket';

export interface SharedSlidingWindowOptions {
  /** The limit's name, the first token of its keys (e.g. tg_send). */
  name: string;
  /** Keys the local fallback remembers at most. */
  localKeysMax: number;
  /** Compare-and-set attempts when other replicas write the same key at once. */
  casAttemptsMax?: number;
  /** Told each time a slot is decided in this process alone (a metric). */
  onLocal?: () => void;
}

/** A slot taken, or how long to wait for one. */
export interface SlidingSlot {
  allowed: boolean;
  /** 0 when allowed; otherwise when the oldest slot in the window leaves it. */
  waitMs: number;
  /** The slot's time: what `giveBack` removes. */
  at: number;
  source: 'kv' | 'local';
}

const CAS_ATTEMPTS_MAX_DEFAULT = 8;

/**
 * At most `limit` slots in any `windowMs`, over every replica: the key `s.<name>.<key>.<windowMs>` holds
 * the times of the slots taken in the last window (at most `limit` of them), updated with compare-and-set.
 * A sliding window, not a fixed one, because the limits it serves (Telegram's: 1 message a second into a
 * chat, 20 a minute into a group, 30 a second in all) are enforced as sliding windows on the other side, and
 * two replicas each sending on either side of a fixed window's edge would break them.
 *
 * Times come from each replica's clock; replicas on one host share it, and a skew between hosts shifts a
 * window by that much. When the bucket is out of reach, or a key is too contended to settle within the
 * attempts, the slot is decided in this process alone with the same limit (fail open to the per-process
 * limit, as SharedWindowCounter does).
 */
export class SharedSlidingWindow {
  private readonly queue = new KeyQueue();
  private readonly local = new Map<string, number[]>();
  private readonly casAttemptsMax: number;

  constructor(
    private readonly bucket: SharedLimitsBucket,
    private readonly options: SharedSlidingWindowOptions,
  ) {
    assertLimitName(options.name);
    this.casAttemptsMax = options.casAttemptsMax ?? CAS_ATTEMPTS_MAX_DEFAULT;
  }

  /** Takes a slot for `key` now, unless `limit` slots were taken in the last `windowMs`. */
  take(key: string, limit: number, windowMs: number, now = Date.now()): Promise<SlidingSlot> {
    const kvKey = this.kvKey(key, windowMs);
    return this.queue.run(kvKey, async () => {
      const answer = await this.bucket.run((kv, bounded) =>
        this.takeShared(kv, bounded, kvKey, limit, windowMs, now),
      );
      if (answer.ok && answer.value !== null) return { ...answer.value, at: now, source: 'kv' };
      this.options.onLocal?.();
      return { ...this.takeLocal(kvKey, limit, windowMs, now), at: now, source: 'local' };
    });
  }

  /** Gives a taken slot back (the caller did not use it after all). */
  async giveBack(key: string, windowMs: number, slot: SlidingSlot): Promise<void> {
    if (!slot.allowed) return;
    const kvKey = this.kvKey(key, windowMs);
    if (slot.source === 'local') {
      const times = this.local.get(kvKey);
      const index = times?.indexOf(slot.at) ?? -1;
      if (index >= 0) times!.splice(index, 1);
      return;
    }
    await this.queue.run(kvKey, () =>
      this.bucket.run((kv, bounded) => this.removeShared(kv, bounded, kvKey, slot.at)),
    );
  }

  private async takeShared(
    kv: KV,
    bounded: <R>(request: Promise<R>) => Promise<R>,
    kvKey: string,
    limit: number,
    windowMs: number,
    now: number,
  ): Promise<{ allowed: boolean; waitMs: number } | null> {
    for (let attempt = 0; attempt < this.casAttemptsMax; attempt += 1) {
      const entry = await bounded(kv.get(kvKey));
      const stored = entry === null || entry.operation !== 'PUT' ? [] : timesOf(entry.string());
      const decision = decide(stored, limit, windowMs, now);
      if (!decision.allowed) return decision;
      try {
        const value = encodeJson([...decision.kept, now]);
        if (entry === null) await bounded(kv.create(kvKey, value));
        else await bounded(kv.update(kvKey, value, entry.revision));
        return { allowed: true, waitMs: 0 };
      } catch (error) {
        if (!isRevisionConflict(error)) throw error;
      }
    }
    return null;
  }

  private async removeShared(
    kv: KV,
    bounded: <R>(request: Promise<R>) => Promise<R>,
    kvKey: string,
    at: number,
  ): Promise<void> {
    for (let attempt = 0; attempt < this.casAttemptsMax; attempt += 1) {
      const entry = await bounded(kv.get(kvKey));
      if (entry === null || entry.operation !== 'PUT') return;
      const times = timesOf(entry.string());
      const index = times.indexOf(at);
      if (index < 0) return;
      times.splice(index, 1);
      try {
        await bounded(kv.update(kvKey, encodeJson(times), entry.revision));
        return;
      } catch (error) {
        if (!isRevisionConflict(error)) throw error;
      }
    }
  }

  private takeLocal(
    kvKey: string,
    limit: number,
    windowMs: number,
    now: number,
  ): { allowed: boolean; waitMs: number } {
    const decision = decide(this.local.get(kvKey) ?? [], limit, windowMs, now);
    this.local.delete(kvKey);
    this.local.set(kvKey, decision.allowed ? [...decision.kept, now] : decision.kept);
    while (this.local.size > this.options.localKeysMax) {
      const oldest = this.local.keys().next().value;
      if (oldest === undefined) break;
      this.local.delete(oldest);
    }
    return { allowed: decision.allowed, waitMs: decision.waitMs };
  }

  private kvKey(key: string, windowMs: number): string {
    return `s.${this.options.name}.${limitKeyToken(key)}.${windowMs}`;
  }
}

/** The slots still in the window, and whether one more fits (else how long until the oldest leaves). */
function decide(
  stored: number[],
  limit: number,
  windowMs: number,
  now: number,
): { allowed: boolean; waitMs: number; kept: number[] } {
  const kept = stored.filter((at) => at > now - windowMs && at <= now + windowMs).sort((a, b) => a - b);
  if (kept.length < limit) return { allowed: true, waitMs: 0, kept };
  const oldestCounted = kept[kept.length - limit]!;
  return { allowed: false, waitMs: Math.max(1, oldestCounted + windowMs - now), kept };
}

/** Stored slot times, or none for anything else (then the window starts empty). */
function timesOf(text: string): number[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((at): at is number => Number.isSafeInteger(at)) : [];
  } catch {
    return [];
  }
}
