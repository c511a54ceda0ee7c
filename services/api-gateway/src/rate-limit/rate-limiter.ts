import { Inject, Injectable } from '@nestjs/common';
import { encodeJson, isJetStreamError, JS_ERROR_CODES } from '@ticketonomics/messaging';
import { jetstream, StorageType } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { API_GATEWAY_CONFIG, LOGGER, NATS_CONNECTION } from '../api-gateway.tokens';
import type { ApiGatewayConfig } from '../config/api-gateway.config';
import { ApiMetrics } from '../metrics/api.metrics';
import { FixedWindowCounter } from './fixed-window.counter';

/** The window every limit is counted in: limits are per minute. */
export const RATE_WINDOW_MS = 60_000;
/** The KV bucket of the shared windows (one key per API key and window). */
export const RATE_LIMIT_BUCKET = 'tk_api_rate';
/** A window's key outlives it by one more window, then the bucket's TTL removes it. */
const BUCKET_TTL_MS = 2 * RATE_WINDOW_MS;
/** The bucket's size at most; at ~100 bytes a key that is a million keys. */
const BUCKET_MAX_BYTES = 128 * 1024 * 1024;
/** Compare-and-set retries when other replicas increment the same window at once. */
const CAS_ATTEMPTS_MAX = 8;
/** How long after the bucket failed before it is tried again (meanwhile the local fallback decides). */
const KV_RETRY_AFTER_MS = 5_000;

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window starts over (X-RateLimit-Reset, Retry-After). */
  resetSeconds: number;
  /** Where the count came from: the shared bucket, or this process alone. */
  source: 'kv' | 'local';
}

/**
 * Per-key request limits, shared by every gateway replica: a fixed one-minute window per key, counted
 * in a JetStream KV bucket with compare-and-set increments (get, then create or update at the revision
 * read; a concurrent writer makes the write fail and the loop read again).
 *
 * Fallback, decided on purpose: when the bucket does not answer (NATS down, JetStream off, timeout), each
 * replica counts alone in bounded memory with the same limit. That fails open to at most N times the
 * limit across N replicas instead of refusing every request because a counter is unreachable; the
 * services behind have their own overload protection (OVERLOADED). Requests of one key in one process
 * are counted one at a time (a promise chain per key), so a burst does not race itself in CAS retries.
 */
@Injectable()
export class RateLimiter {
  private kv: KV | null = null;
  private kvFailedAt = 0;
  private readonly local: FixedWindowCounter;
  private readonly chains = new Map<string, Promise<unknown>>();

  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    @Inject(API_GATEWAY_CONFIG) private readonly config: ApiGatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: ApiMetrics,
  ) {
    this.local = new FixedWindowCounter(config.RATE_LIMIT_FALLBACK_KEYS_MAX);
  }

  /** Open (or create) the bucket; a failure is logged and the local fallback decides until it answers. */
  async start(): Promise<void> {
    await this.openBucket();
  }

  /** Count one request of `subject` (an API key id, or `ip:<address>` for public routes) against `limit`. */
  take(subject: string, limit: number, now = Date.now()): Promise<RateDecision> {
    const previous = this.chains.get(subject) ?? Promise.resolve();
    const next = previous.then(
      () => this.takeNow(subject, limit, now),
      () => this.takeNow(subject, limit, now),
    );
    this.chains.set(subject, next);
    void next.finally(() => {
      if (this.chains.get(subject) === next) this.chains.delete(subject);
    });
    return next;
  }

  private async takeNow(subject: string, limit: number, now: number): Promise<RateDecision> {
    const window = Math.floor(now / RATE_WINDOW_MS);
    const resetSeconds = Math.max(1, Math.ceil(((window + 1) * RATE_WINDOW_MS - now) / 1000));
    const decide = (allowed: boolean, count: number, source: RateDecision['source']): RateDecision => ({
      allowed,
      limit,
      remaining: Math.max(0, limit - count),
      resetSeconds,
      source,
    });
    const kv = await this.bucket();
    if (kv !== null) {
      try {
        const counted = await this.incrementShared(
          kv,
          `${subject.replace(/[^A-Za-z0-9_-]/g, '_')}.${window}`,
          limit,
        );
        if (counted !== null) return decide(counted.allowed, counted.count, 'kv');
        // Too much contention on one window: count it here rather than wait longer.
      } catch (error) {
        this.kvFailed(error);
      }
    }
    this.metrics.rateLimitFallbacks.inc();
    const counted = this.local.take(subject, window, limit);
    return decide(counted.allowed, counted.count, 'local');
  }

  private async incrementShared(
    kv: KV,
    key: string,
    limit: number,
  ): Promise<{ allowed: boolean; count: number } | null> {
    for (let attempt = 0; attempt < CAS_ATTEMPTS_MAX; attempt += 1) {
      const entry = await kv.get(key);
      try {
        if (entry === null || entry.operation !== 'PUT') {
          await kv.create(key, encodeJson(1));
          return { allowed: true, count: 1 };
        }
        const count = Number(entry.string());
        if (!Number.isSafeInteger(count) || count < 0) {
          await kv.update(key, encodeJson(1), entry.revision);
          return { allowed: true, count: 1 };
        }
        if (count >= limit) return { allowed: false, count };
        await kv.update(key, encodeJson(count + 1), entry.revision);
        return { allowed: true, count: count + 1 };
      } catch (error) {
        if (!isCasConflict(error)) throw error;
      }
    }
    return null;
  }

  private async bucket(): Promise<KV | null> {
    if (this.kv !== null) return this.kv;
    if (Date.now() - this.kvFailedAt < KV_RETRY_AFTER_MS) return null;
    return this.openBucket();
  }

  private async openBucket(): Promise<KV | null> {
    try {
      const js = jetstream(this.connection, { timeout: this.config.RATE_LIMIT_KV_TIMEOUT_MS });
      this.kv = await new Kvm(js).create(RATE_LIMIT_BUCKET, {
        ttl: BUCKET_TTL_MS,
        history: 1,
        max_bytes: BUCKET_MAX_BYTES,
        storage: StorageType.Memory,
        // Kept as created: an operator raises an existing bucket's replicas (docs/nats.md).
        replicas: this.config.NATS_REPLICAS,
        timeout: this.config.RATE_LIMIT_KV_TIMEOUT_MS,
      });
      return this.kv;
    } catch (error) {
      this.kvFailed(error);
      return null;
    }
  }

  private kvFailed(error: unknown): void {
    if (this.kv !== null || this.kvFailedAt === 0) {
      this.logger.warn({ err: error }, 'rate-limit bucket unavailable: counting per process for now');
    }
    this.kv = null;
    this.kvFailedAt = Date.now();
  }
}

/** The server refused a write because the key changed since it was read. */
function isCasConflict(error: unknown): boolean {
  return isJetStreamError(
    error,
    JS_ERROR_CODES.streamWrongLastSequence,
    JS_ERROR_CODES.streamWrongLastSequenceUnknown,
  );
}
