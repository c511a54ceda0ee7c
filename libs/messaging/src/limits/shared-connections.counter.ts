import type { KV } from '@nats-io/kv';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { encodeJson } from '../codec';
import { KeyQueue } from './key-queue';
import { assertLimitName, limitKeyToken } from './limit-key';
import { isRevisionConflict, type SharedLimitsBucket } from './shared-limits.bucket';

export interface SharedConnectionCounterOptions {
  /** The limit's name, the first token of its keys (e.g. stream_connections_per_key). */
  name: string;
  /**
   * How long a replica's counts stand without renewal: the counts of a replica that died are no longer
   * added after it. Renewed every leaseMs / 3; must be shorter than the bucket's max age.
   */
  leaseMs: number;
  /** This process among the replicas; by default the host name (a container's id) and a random suffix. */
  replicaId?: string;
  casAttemptsMax?: number;
  /** Told each time a connection is decided in this process alone (a metric). */
  onLocal?: () => void;
}

/** A connection counted against a limit: release it once, when the connection closes. */
export interface ConnectionSlot {
  release(): void;
  source: 'kv' | 'local';
}

/** What a scope's key holds: each replica's open connections and when its lease on them runs out. */
interface ScopeValue {
  holders: Record<string, { count: number; expiresAt: number }>;
}

const CAS_ATTEMPTS_MAX_DEFAULT = 8;

/**
 * Connections open at once (WebSocket streams, live feeds) counted by every replica together, per scope
 * (an API key, an address). The key `c.<name>.<scope>` holds each replica's own count with a lease:
 * acquiring reads it, adds the counts of the other replicas whose lease still runs, and writes its own count
 * plus one with compare-and-set; releasing writes its count minus one. Each replica renews its leases every
 * leaseMs / 3, writing its counts again: a replica killed without releasing stops renewing, and its
 * connections stop counting once its lease runs out (the bucket's max age then removes keys nobody writes).
 * Leases compare the writer's clock with the reader's: replicas need clocks in step to well within leaseMs
 * (containers of one host share its clock; hosts run NTP).
 *
 * Each replica's own count is kept in its memory and is the truth of what it holds: a write that fails is
 * written again at the next renewal. While the bucket is out of reach, a replica decides with its own
 * count alone and the same limit (fail open to the per-process limit).
 */
export class SharedConnectionCounter {
  readonly replicaId: string;
  private readonly held = new Map<string, number>();
  /** Scopes whose count in the bucket may be wrong (a write failed): rewritten at the next renewal. */
  private readonly stale = new Set<string>();
  private readonly queue = new KeyQueue();
  private readonly casAttemptsMax: number;
  private renewTimer: NodeJS.Timeout | null = null;
  private renewing = false;

  constructor(
    private readonly bucket: SharedLimitsBucket,
    private readonly options: SharedConnectionCounterOptions,
  ) {
    assertLimitName(options.name);
    if (options.leaseMs >= bucket.options.ttlMs) {
      throw new Error(
        `leaseMs (${options.leaseMs}) must be shorter than the bucket's ttlMs (${bucket.options.ttlMs})`,
      );
    }
    this.replicaId = options.replicaId ?? `${hostname()}-${randomBytes(4).toString('hex')}`;
    this.casAttemptsMax = options.casAttemptsMax ?? CAS_ATTEMPTS_MAX_DEFAULT;
  }

  /** Starts renewing this replica's leases. */
  start(): void {
    if (this.renewTimer !== null) return;
    this.renewTimer = setInterval(
      () => void this.renew(),
      Math.max(100, Math.floor(this.options.leaseMs / 3)),
    );
    this.renewTimer.unref();
  }

  /** Stops renewing; the counts still held stop counting once their lease runs out. */
  stop(): void {
    if (this.renewTimer !== null) clearInterval(this.renewTimer);
    this.renewTimer = null;
  }

  /** This replica's open connections of `scope`. */
  heldBy(scope: string): number {
    return this.held.get(scope) ?? 0;
  }

  /** A slot for one more connection of `scope`, or null when `limit` are open across the replicas. */
  acquire(scope: string, limit: number): Promise<ConnectionSlot | null> {
    const kvKey = this.kvKey(scope);
    return this.queue.run(kvKey, async () => {
      const mine = this.heldBy(scope);
      const answer = await this.bucket.run((kv, bounded) => this.tryAdd(kv, bounded, kvKey, mine, limit));
      let source: ConnectionSlot['source'] = 'kv';
      if (!answer.ok || answer.value === null) {
        this.options.onLocal?.();
        if (mine >= limit) return null;
        source = 'local';
        // The bucket may not know of this connection: written at the next renewal.
        this.stale.add(scope);
      } else if (!answer.value) {
        return null;
      }
      // Read again: a release may have run while the bucket was asked.
      this.held.set(scope, this.heldBy(scope) + 1);
      let released = false;
      return {
        source,
        release: () => {
          if (released) return;
          released = true;
          this.remove(scope);
        },
      };
    });
  }

  /** Writes every count this replica holds (and the ones whose write failed) with a fresh lease. */
  async renew(): Promise<void> {
    // One round at a time: a slow bucket must not pile rounds up.
    if (this.renewing) return;
    this.renewing = true;
    try {
      const scopes = new Set([...this.held.keys(), ...this.stale]);
      for (const scope of scopes) await this.sync(scope);
    } finally {
      this.renewing = false;
    }
  }

  private remove(scope: string): void {
    const left = this.heldBy(scope) - 1;
    if (left <= 0) this.held.delete(scope);
    else this.held.set(scope, left);
    void this.sync(scope);
  }

  /** Writes this replica's count of `scope` as it is now; a failure leaves it for the next renewal. */
  private async sync(scope: string): Promise<void> {
    const kvKey = this.kvKey(scope);
    await this.queue.run(kvKey, async () => {
      const answer = await this.bucket.run((kv, bounded) =>
        this.write(kv, bounded, kvKey, this.heldBy(scope)),
      );
      if (answer.ok && answer.value) this.stale.delete(scope);
      else this.stale.add(scope);
    });
  }

  /** Adds one of this replica's connections if the total stays within limit: true, false (full), null (contended). */
  private async tryAdd(
    kv: KV,
    bounded: <R>(request: Promise<R>) => Promise<R>,
    kvKey: string,
    mine: number,
    limit: number,
  ): Promise<boolean | null> {
    for (let attempt = 0; attempt < this.casAttemptsMax; attempt += 1) {
      const entry = await bounded(kv.get(kvKey));
      const now = Date.now();
      const holders = liveHolders(entry === null || entry.operation !== 'PUT' ? null : entry.string(), now);
      let others = 0;
      for (const [id, holder] of Object.entries(holders)) if (id !== this.replicaId) others += holder.count;
      if (others + mine >= limit) return false;
      holders[this.replicaId] = { count: mine + 1, expiresAt: now + this.options.leaseMs };
      try {
        const value = encodeJson({ holders } satisfies ScopeValue);
        if (entry === null) await bounded(kv.create(kvKey, value));
        else await bounded(kv.update(kvKey, value, entry.revision));
        return true;
      } catch (error) {
        if (!isRevisionConflict(error)) throw error;
      }
    }
    return null;
  }

  /** Sets this replica's count (dropping it at 0) with a fresh lease; false when too contended. */
  private async write(
    kv: KV,
    bounded: <R>(request: Promise<R>) => Promise<R>,
    kvKey: string,
    count: number,
  ): Promise<boolean> {
    for (let attempt = 0; attempt < this.casAttemptsMax; attempt += 1) {
      const entry = await bounded(kv.get(kvKey));
      const now = Date.now();
      const holders = liveHolders(entry === null || entry.operation !== 'PUT' ? null : entry.string(), now);
      if (count > 0) holders[this.replicaId] = { count, expiresAt: now + this.options.leaseMs };
      else if (holders[this.replicaId] === undefined) return true;
      else delete holders[this.replicaId];
      try {
        const value = encodeJson({ holders } satisfies ScopeValue);
        if (entry === null) await bounded(kv.create(kvKey, value));
        else await bounded(kv.update(kvKey, value, entry.revision));
        return true;
      } catch (error) {
        if (!isRevisionConflict(error)) throw error;
      }
    }
    return false;
  }

  private kvKey(scope: string): string {
    return `c.${this.options.name}.${limitKeyToken(scope)}`;
  }
}

/** The holders of a scope whose lease still runs at `now`; anything unreadable counts as no holder. */
function liveHolders(text: string | null, now: number): ScopeValue['holders'] {
  const live: ScopeValue['holders'] = {};
  if (text === null) return live;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return live;
  }
  const holders = (parsed as Partial<ScopeValue> | null)?.holders;
  if (typeof holders !== 'object' || holders === null) return live;
  for (const [id, holder] of Object.entries(holders)) {
    const { count, expiresAt } = (holder ?? {}) as { count?: unknown; expiresAt?: unknown };
    if (typeof count !== 'number' || typeof expiresAt !== 'number') continue;
    if (!Number.isSafeInteger(count) || count <= 0 || expiresAt <= now) continue;
    live[id] = { count, expiresAt };
  }
  return live;
}
