import type { KV } from '@nats-io/kv';
import { encodeJson } from '../codec';
import { KeyBatchQueue } from './key-batch.queue';
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
  /** Hits and undos of one window counted together in one compare-and-set at most. */
  batchOpsMax?: number;
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
const BATCH_OPS_MAX_DEFAULT = 1_000;
/** Windows whose last write this process remembers (count and revision), the oldest forgotten first. */
const LAST_WRITTEN_MAX = 10_000;

/** One change to a window's count: a hit against its limit, or a hit given back. */
type WindowOp = { kind: 'hit'; limit: number } | { kind: 'undo' };

/** A hit's answer from the bucket (an undo's `allowed` says whether it gave one back); null: count locally. */
type Counted = { allowed: boolean; count: number } | null;

/**
 * Fixed windows counted by every replica together: the key `w.<name>.<key>.<windowMs>.<window>` of the
 * shared bucket holds the window's count, incremented with compare-and-set (read, then create or update at
 * the revision read; a concurrent writer makes the write fail and the loop read again, at most
 * casAttemptsMax times). Windows are aligned on multiples of windowMs, so every replica agrees which window
 * a hit falls in; the bucket's max age removes old windows.
 *
 * Within a process the hits of one window are counted in batches: while one compare-and-set of the window
 * is in flight, the hits (and undos) that arrive for it wait, then go together, at most batchOpsMax: one
 * read, the batch replayed in arrival order on the count read (each hit allowed while the count stays
 * within its limit, exactly as one after the other), and one write of the result. A key's requests then
 * cost one KV round trip per batch, not per request, and the count stays exact across replicas: a batch
 * that lost its compare-and-set is replayed on the count read again.
 *
 * When the bucket is out of reach, or one window is too contended to settle within the attempts, the hit
 * is counted in this process alone with the same limit (fail open to the per-process limit: across N
 * replicas at most N times the limit until the bucket answers again).
 */
export class SharedWindowCounter {
  private readonly local: LocalWindowCounter;
  private readonly batches: KeyBatchQueue<WindowOp, Counted>;
  private readonly casAttemptsMax: number;
  /**
   * The count and revision this process last wrote for a window: the next batch tries its compare-and-set
   * on them without reading first. Only a write settles a batch this way (a stale entry fails it, and the
   * batch reads and replays); a batch that would refuse a hit or write nothing reads the stored count
   * first, since another replica's undos may have lowered it.
   */
  private readonly lastWritten = new Map<string, { count: number; revision: number }>();

  constructor(
    private readonly bucket: SharedLimitsBucket,
    private readonly options: SharedWindowCounterOptions,
  ) {
    assertLimitName(options.name);
    this.local = new LocalWindowCounter(options.localKeysMax);
    this.casAttemptsMax = options.casAttemptsMax ?? CAS_ATTEMPTS_MAX_DEFAULT;
    this.batches = new KeyBatchQueue(
      (kvKey, ops) => this.countBatch(kvKey, ops),
      options.batchOpsMax ?? BATCH_OPS_MAX_DEFAULT,
    );
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
    return this.batches.add(kvKey, { kind: 'hit', limit }).then((counted) => {
      if (counted !== null) return decide(counted, 'kv');
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
    // Not counted locally when the bucket is out of reach: the hit is in the bucket, not in this process.
    await this.batches.add(kvKey, { kind: 'undo' });
  }

  /** Counts a batch of one window in the bucket; every op null (count locally) when that failed. */
  private async countBatch(kvKey: string, ops: WindowOp[]): Promise<Counted[]> {
    const answer = await this.bucket.run((kv, bounded) => this.apply(kv, bounded, kvKey, ops));
    if (answer.ok && answer.value !== null) return answer.value;
    return ops.map(() => null);
  }

  /**
   * Reads the window's count, replays `ops` on it in order, and writes the result with compare-and-set
   * (nothing written when the count did not change); read and replayed again when another writer won.
   */
  private async apply(
    kv: KV,
    bounded: <R>(request: Promise<R>) => Promise<R>,
    kvKey: string,
    ops: WindowOp[],
  ): Promise<Counted[] | null> {
    const remembered = this.lastWritten.get(kvKey);
    this.lastWritten.delete(kvKey);
    if (remembered !== undefined) {
      const replayed = replay(remembered.count, ops);
      if (replayed.count > remembered.count && replayed.results.every((result) => result!.allowed)) {
        try {
          const revision = await bounded(kv.update(kvKey, encodeJson(replayed.count), remembered.revision));
          this.remember(kvKey, replayed.count, revision);
          return replayed.results;
        } catch (error) {
          if (!isRevisionConflict(error)) throw error;
        }
      }
    }
    for (let attempt = 0; attempt < this.casAttemptsMax; attempt += 1) {
      const entry = await bounded(kv.get(kvKey));
      const stored = entry === null || entry.operation !== 'PUT' ? 0 : (countOf(entry.string()) ?? 0);
      const { count, results } = replay(stored, ops);
      if (count === stored) return results;
      try {
        const revision =
          entry === null
            ? await bounded(kv.create(kvKey, encodeJson(count)))
            : await bounded(kv.update(kvKey, encodeJson(count), entry.revision));
        this.remember(kvKey, count, revision);
        return results;
      } catch (error) {
        if (!isRevisionConflict(error)) throw error;
      }
    }
    return null;
  }

  private remember(kvKey: string, count: number, revision: number): void {
    this.lastWritten.set(kvKey, { count, revision });
    if (this.lastWritten.size > LAST_WRITTEN_MAX) {
      this.lastWritten.delete(this.lastWritten.keys().next().value as string);
    }
  }

  private kvKey(key: string, windowMs: number, window: number): string {
    return `w.${this.options.name}.${limitKeyToken(key)}.${windowMs}.${window}`;
  }

  private localKey(key: string, windowMs: number): string {
    return `${windowMs}|${key}`;
  }
}

/** The batch replayed in arrival order on a count: each hit allowed while the count stays within its limit. */
function replay(stored: number, ops: WindowOp[]): { count: number; results: Counted[] } {
  let count = stored;
  const results = ops.map((op): Counted => {
    if (op.kind === 'undo') {
      const given = count > 0;
      if (given) count -= 1;
      return { allowed: given, count };
    }
    if (count >= op.limit) return { allowed: false, count };
    count += 1;
    return { allowed: true, count };
  });
  return { count, results };
}

/** A stored count, or null for anything else (then the window counts from 0 again). */
function countOf(text: string): number | null {
  const count = Number(text);
  return Number.isSafeInteger(count) && count >= 0 ? count : null;
}
