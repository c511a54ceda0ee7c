import { encodeJson, isJetStreamError, JS_ERROR_CODES } from '@ticketonomics/messaging';
import { jetstream, jetstreamManager, StorageType, type JetStreamManager } from '@nats-io/jetstream';
import { Kvm, type KV, type KvEntry } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import assert from 'node:assert/strict';

export interface LeaseTableOptions {
  /** One bucket per service, so a service's credentials reach only its own leases. */
  bucket: string;
  /** How long a lease lives without renewal: the bucket's max age. A dead holder's leases free up after it. */
  ttlMs: number;
  /** JetStream replicas of the bucket: 3 on a cluster, 1 on a single server. */
  replicas: number;
  /** Every KV request's limit. */
  timeoutMs: number;
}

/** Tries to make or bind the bucket at start, and the pause before the next try (times the attempt). */
const OPEN_ATTEMPTS_MAX = 5;
const OPEN_RETRY_MS = 200;

/**
 * Who holds a key: the replica (stable across its restarts: the host name compose gives its container) and
 * this run of it (random per process start).
 */
export interface LeaseHolder {
  holder: string;
  incarnation: string;
}

/** A key held by a replica: `revision` is what the next renewal must find to succeed. */
export interface Lease extends LeaseHolder {
  key: string;
  revision: number;
}

type LeaseValue = LeaseHolder;

/**
 * Leases in a JetStream KV bucket: the replicated coordinator the system already runs, so no consensus of
 * our own. A lease is a key; taking it is `create` (refused while the key exists), renewing is `update` at
 * the revision last written (refused once anyone else wrote it), releasing deletes at that revision. The
 * bucket's max age is the lease's time to live: the keys of a holder that stops renewing vanish, and the
 * next `create` succeeds. Deciding who may write is the fence's job (PartitionFence); the lease decides who
 * should.
 */
export class LeaseTable {
  private constructor(
    private readonly kv: KV,
    private readonly jsm: JetStreamManager,
    private readonly bucket: string,
    readonly ttlMs: number,
  ) {}

  static async open(connection: NatsConnection, options: LeaseTableOptions): Promise<LeaseTable> {
    assert(options.ttlMs >= 1_000, 'lease ttlMs must be at least 1000');
    const js = jetstream(connection, { timeout: options.timeoutMs });
    const create = () =>
      new Kvm(js).create(options.bucket, {
        ttl: options.ttlMs,
        history: 1,
        replicas: options.replicas,
        // Leases must outlive a NATS restart: a memory bucket would come back empty and hand every partition
        // out again while its holders still serve it (the fence would refuse their writes, but readers would
        // not know).
        storage: StorageType.File,
        max_bytes: 8 * 1024 * 1024,
        timeout: options.timeoutMs,
      });
    let kv: KV;
    for (let attempt = 1; ; attempt += 1) {
      try {
        kv = await create();
        break;
      } catch (error) {
        // Replicas started together race to make the bucket, and the server can refuse the loser ("subjects
        // overlap"); on the next try the bucket is there and is bound to.
        if (attempt >= OPEN_ATTEMPTS_MAX) throw error;
        await new Promise((done) => setTimeout(done, OPEN_RETRY_MS * attempt));
      }
    }
    const jsm = await jetstreamManager(connection, { timeout: options.timeoutMs });
    return new LeaseTable(kv, jsm, options.bucket, options.ttlMs);
  }

  /**
   * Takes the key for `who`; null when someone else holds it. A key held by an earlier run of the same
   * replica (restarted after a crash, so it no longer renews) is taken over at once instead of after it
   * expires: a crashed container comes back with its partitions, not minutes of UNAVAILABLE.
   */
  async acquire(key: string, who: LeaseHolder): Promise<Lease | null> {
    const value = encodeJson({ holder: who.holder, incarnation: who.incarnation } satisfies LeaseValue);
    try {
      return { key, ...who, revision: await this.kv.create(key, value) };
    } catch (error) {
      if (!isRevisionConflict(error)) throw error;
    }
    const entry = await this.kv.get(key);
    const current = entry === null || entry.operation !== 'PUT' ? undefined : valueOf(entry);
    if (current?.holder !== who.holder || current.incarnation === who.incarnation) return null;
    try {
      return { key, ...who, revision: await this.kv.update(key, value, entry!.revision) };
    } catch (error) {
      if (isRevisionConflict(error)) return null;
      throw error;
    }
  }

  /** Extends the lease; null when it was lost (expired, or taken by another holder). */
  async renew(lease: Lease): Promise<Lease | null> {
    try {
      const value: LeaseValue = { holder: lease.holder, incarnation: lease.incarnation };
      const revision = await this.kv.update(lease.key, encodeJson(value), lease.revision);
      return { ...lease, revision };
    } catch (error) {
      if (isRevisionConflict(error)) return null;
      throw error;
    }
  }

  /** Gives the lease up, only if it is still this holder's (a lost lease is someone else's now). */
  async release(lease: Lease): Promise<void> {
    try {
      await this.kv.delete(lease.key, { previousSeq: lease.revision });
    } catch (error) {
      if (!isRevisionConflict(error)) throw error;
    }
  }

  /**
   * Writes a key unconditionally (a replica's heartbeat); it expires like a lease when not written again.
   * Returns who wrote it before, when that was another run of the same replica and it wrote since
   * `sinceRevision`: two processes running as one replica.
   */
  async put(
    key: string,
    who: LeaseHolder,
    sinceRevision: number,
  ): Promise<{ revision: number; twin: boolean }> {
    const before = await this.kv.get(key);
    const previous = before === null || before.operation !== 'PUT' ? undefined : valueOf(before);
    const twin =
      sinceRevision > 0 &&
      before !== null &&
      before.revision > sinceRevision &&
      previous?.holder === who.holder &&
      previous.incarnation !== who.incarnation;
    const revision = await this.kv.put(key, encodeJson({ holder: who.holder, incarnation: who.incarnation }));
    return { revision, twin };
  }

  async delete(key: string): Promise<void> {
    await this.kv.delete(key);
  }

  /** The live keys under `prefix` (a dot-terminated prefix such as `partitions.`) with their holders. */
  async holders(prefix: string): Promise<Map<string, string>> {
    const keys = await this.keysUnder(prefix);
    const holders = new Map<string, string>();
    for (const key of keys) {
      const entry = await this.kv.get(key);
      if (entry === null || entry.operation !== 'PUT') continue;
      const holder = holderOf(entry);
      if (holder !== undefined) holders.set(key, holder);
    }
    return holders;
  }

  /**
   * The keys under `prefix` from the bucket's stream's subject counts: one request. `kv.keys()` would make an
   * ordered consumer each round on every replica, which on a cluster is a consumer assignment through the
   * meta leader every few seconds, per service, for ever. Expired keys are gone from the stream; deleted ones
   * are still listed (their marker is their last message) and skipped by the caller.
   */
  private async keysUnder(prefix: string): Promise<string[]> {
    const subjectPrefix = `$KV.${this.bucket}.`;
    const info = await this.jsm.streams.info(`KV_${this.bucket}`, {
      subjects_filter: `${subjectPrefix}${prefix}>`,
    });
    return Object.keys(info.state.subjects ?? {}).map((subject) => subject.slice(subjectPrefix.length));
  }
}

/** A key written by something else (an operator by hand) holds nothing: it is skipped, not trusted. */
function valueOf(entry: KvEntry): LeaseValue | undefined {
  try {
    const value = entry.json<Partial<LeaseValue>>();
    return typeof value.holder === 'string' && typeof value.incarnation === 'string'
      ? { holder: value.holder, incarnation: value.incarnation }
      : undefined;
  } catch {
    return undefined;
  }
}

function holderOf(entry: KvEntry): string | undefined {
  return valueOf(entry)?.holder;
}

/** The server refused a conditional write because the key is not at the revision the writer expected. */
function isRevisionConflict(error: unknown): boolean {
  return isJetStreamError(
    error,
    JS_ERROR_CODES.streamWrongLastSequence,
    JS_ERROR_CODES.streamWrongLastSequenceUnknown,
  );
}
