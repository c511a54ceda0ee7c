import { jetstream, StorageType } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { isJetStreamError, JS_ERROR_CODES } from '../jetstream.errors';
import { boundedCall } from './bounded-call';

export interface SharedLimitsBucketOptions {
  /** One bucket per service (its credentials reach only its own), e.g. tk_limits_api_gateway. */
  bucket: string;
  /** JetStream replicas of the bucket: NATS_REPLICAS (3 on a cluster, 1 on a single server). */
  replicas: number;
  /**
   * The bucket's max age: at least the longest window counted in it and the connection leases, so a window's
   * key outlives the window and a key nobody writes any more (a dead replica's) goes away by itself.
   */
  ttlMs: number;
  /** Every KV call's limit; past it the call counts as failed and the limit is decided in this process. */
  timeoutMs: number;
  /** After a failure, how long the local fallback decides before the bucket is tried again. */
  retryAfterMs?: number;
  /** The bucket's size at most (memory of each NATS node holding a copy). */
  maxBytes?: number;
}

const RETRY_AFTER_MS_DEFAULT = 5_000;
const MAX_BYTES_DEFAULT = 64 * 1024 * 1024;

/** What a call gave, or that the bucket did not answer (the caller decides in its process alone). */
export type BucketAnswer<T> = { ok: true; value: T } | { ok: false };

/**
 * The JetStream KV bucket shared limits count in, opened lazily and watched: every call is bounded by
 * timeoutMs; a failed call (NATS down, JetStream off, a timeout) marks the bucket out of reach for
 * retryAfterMs, during which callers fall back to counting per process (fail open to the local limit, on
 * purpose: refusing every request because a counter is out of reach would make NATS trouble an outage of
 * the API). The first failure of an outage is logged as a warning, and the recovery as info.
 */
export class SharedLimitsBucket {
  private kv: KV | null = null;
  private failedAt: number | null = null;
  private opening: Promise<KV | null> | null = null;
  private readonly retryAfterMs: number;

  constructor(
    private readonly connection: NatsConnection,
    readonly options: SharedLimitsBucketOptions,
    private readonly logger: Logger,
  ) {
    this.retryAfterMs = options.retryAfterMs ?? RETRY_AFTER_MS_DEFAULT;
  }

  get timeoutMs(): number {
    return this.options.timeoutMs;
  }

  /** Whether the last call reached the bucket (false while the local fallback decides). */
  get reachable(): boolean {
    return this.kv !== null && this.failedAt === null;
  }

  /** Opens (or creates) the bucket now; false (logged) when it is out of reach: it is tried again later. */
  async open(): Promise<boolean> {
    return (await this.bucket(true)) !== null;
  }

  /** Runs `call` on the bucket, each KV request in it bounded with `bounded`; {ok: false} when out of reach. */
  async run<T>(
    call: (kv: KV, bounded: <R>(request: Promise<R>) => Promise<R>) => Promise<T>,
  ): Promise<BucketAnswer<T>> {
    const kv = await this.bucket(false);
    if (kv === null) return { ok: false };
    try {
      const value = await call(kv, (request) => boundedCall(request, this.options.timeoutMs));
      this.answered();
      return { ok: true, value };
    } catch (error) {
      this.failed(error);
      return { ok: false };
    }
  }

  private async bucket(force: boolean): Promise<KV | null> {
    if (!force && !this.retryDue()) return null;
    if (this.kv !== null) return this.kv;
    this.opening ??= this.create().finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  private retryDue(): boolean {
    return this.failedAt === null || Date.now() - this.failedAt >= this.retryAfterMs;
  }

  private async create(): Promise<KV | null> {
    if (this.kv !== null) return this.kv;
    try {
      const js = jetstream(this.connection, { timeout: this.options.timeoutMs });
      this.kv = await boundedCall(
        new Kvm(js).create(this.options.bucket, {
          ttl: this.options.ttlMs,
          history: 1,
          max_bytes: this.options.maxBytes ?? MAX_BYTES_DEFAULT,
          // Counters of the last minutes: lost with a NATS restart, they only start over.
          storage: StorageType.Memory,
          // Kept as created: an operator raises an existing bucket's replicas (docs/nats.md).
          replicas: this.options.replicas,
          timeout: this.options.timeoutMs,
        }),
        this.options.timeoutMs,
      );
      return this.kv;
    } catch (error) {
      this.failed(error);
      return null;
    }
  }

  private answered(): void {
    if (this.failedAt === null) return;
    this.failedAt = null;
    this.logger.info(
      { bucket: this.options.bucket },
      'shared limits bucket answers again: limits count across replicas',
    );
  }

  private failed(error: unknown): void {
    if (this.failedAt === null) {
      this.logger.warn(
        { err: error, bucket: this.options.bucket, retryAfterMs: this.retryAfterMs },
        'shared limits bucket out of reach: each replica counts its limits alone until it answers',
      );
    }
    this.failedAt = Date.now();
    // Opened again on the next try: a memory bucket is gone after its NATS servers restarted.
    this.kv = null;
  }
}

/** The server refused a write because the key changed since it was read (compare-and-set lost). */
export function isRevisionConflict(error: unknown): boolean {
  return isJetStreamError(
    error,
    JS_ERROR_CODES.streamWrongLastSequence,
    JS_ERROR_CODES.streamWrongLastSequenceUnknown,
  );
}
