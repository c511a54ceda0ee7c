import { Inject, Injectable } from '@nestjs/common';
import { RATE_LIMIT_BUCKET } from '@ticketonomics/contracts';
import { SharedLimitsBucket, SharedWindowCounter } from '@ticketonomics/messaging';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { API_GATEWAY_CONFIG, LOGGER, NATS_CONNECTION } from '../api-gateway.tokens';
import type { ApiGatewayConfig } from '../config/api-gateway.config';
import { ApiMetrics } from '../metrics/api.metrics';

/** The window every limit is counted in: limits are per minute. */
export const RATE_WINDOW_MS = 60_000;
/** A window's key outlives it by one more window, then the bucket's TTL removes it. */
const BUCKET_TTL_MS = 2 * RATE_WINDOW_MS;
/** The bucket's size at most; at ~100 bytes a key that is a million keys. */
const BUCKET_MAX_BYTES = 128 * 1024 * 1024;

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
 * in the JetStream KV bucket tk_api_rate with compare-and-set increments (SharedWindowCounter).
 *
 * Fallback, decided on purpose: when the bucket does not answer (NATS down, JetStream off, timeout), each
 * replica counts alone in bounded memory with the same limit. That fails open to at most N times the
 * limit across N replicas instead of refusing every request because a counter is unreachable; the
 * services behind have their own overload protection (OVERLOADED). Requests of one key in one process
 * are counted in batches (one compare-and-set for every request that arrived while the previous one was
 * in flight), so a key's rate follows its concurrency rather than the KV round trip, and a burst does not
 * race itself in CAS retries.
 */
@Injectable()
export class RateLimiter {
  private readonly bucket: SharedLimitsBucket;
  private readonly counter: SharedWindowCounter;

  constructor(
    @Inject(NATS_CONNECTION) connection: NatsConnection,
    @Inject(API_GATEWAY_CONFIG) config: ApiGatewayConfig,
    @Inject(LOGGER) logger: Logger,
    metrics: ApiMetrics,
  ) {
    this.bucket = new SharedLimitsBucket(
      connection,
      {
        bucket: RATE_LIMIT_BUCKET,
        replicas: config.NATS_REPLICAS,
        ttlMs: BUCKET_TTL_MS,
        timeoutMs: config.RATE_LIMIT_KV_TIMEOUT_MS,
        maxBytes: BUCKET_MAX_BYTES,
      },
      logger,
    );
    this.counter = new SharedWindowCounter(this.bucket, {
      name: 'key',
      localKeysMax: config.RATE_LIMIT_FALLBACK_KEYS_MAX,
      onLocal: () => metrics.rateLimitFallbacks.inc(),
    });
  }

  /** Open (or create) the bucket; a failure is logged and the local fallback decides until it answers. */
  async start(): Promise<void> {
    await this.bucket.open();
  }

  /** Count one request of `subject` (an API key id, or `ip:<address>` for public routes) against `limit`. */
  async take(subject: string, limit: number, now = Date.now()): Promise<RateDecision> {
    const hit = await this.counter.hit(subject, limit, RATE_WINDOW_MS, now);
    return {
      allowed: hit.allowed,
      limit,
      remaining: hit.remaining,
      resetSeconds: Math.max(1, Math.ceil(hit.resetMs / 1000)),
      source: hit.source,
    };
  }
}
