import { Inject, Injectable } from '@nestjs/common';
import { jetstream, StorageType } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { REPLAY_MARKS_BUCKET } from '@ticketonomics/contracts';
import { isJetStreamError, JS_ERROR_CODES } from '@ticketonomics/messaging';
import type { Logger } from 'pino';
import { API_GATEWAY_CONFIG, LOGGER, NATS_CONNECTION } from '../api-gateway.tokens';
import type { ApiGatewayConfig } from '../config/api-gateway.config';

/** How long an answered Idempotency-Key is remembered: a retry later than this is not marked a replay. */
export const REPLAY_MARK_TTL_MS = 24 * 60 * 60_000;
/** The bucket's size at most; at ~100 bytes a mark, some 300,000 answered requests a day. */
const BUCKET_MAX_BYTES = 32 * 1024 * 1024;
/** How long after the bucket failed before it is tried again (meanwhile no answer is marked). */
const KV_RETRY_AFTER_MS = 5_000;

/**
 * Which idempotent requests were answered before, for the `Idempotent-Replayed: true` header. The
 * services return a request's first result for a repeated id without saying so; the gateway marks each
 * derived request id once it has answered it (a create that fails when the mark exists), so of any number
 * of copies, at once or later, exactly one is answered as new. Fails open: with the bucket unreachable
 * no answer is marked, which is a missing hint, never a wrong result.
 */
@Injectable()
export class ReplayMarks {
  private kv: KV | null = null;
  private kvFailedAt = 0;

  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    @Inject(API_GATEWAY_CONFIG) private readonly config: ApiGatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Record that `requestId` was answered; true when it had been answered before (a replay). */
  async answered(requestId: string): Promise<boolean> {
    const kv = await this.bucket();
    if (kv === null) return false;
    try {
      await kv.create(requestId.replace(/[^A-Za-z0-9_-]/g, '_'), new Uint8Array([1]));
      return false;
    } catch (error) {
      if (
        isJetStreamError(
          error,
          JS_ERROR_CODES.streamWrongLastSequence,
          JS_ERROR_CODES.streamWrongLastSequenceUnknown,
        )
      ) {
        return true;
      }
      this.failed(error);
      return false;
    }
  }

  private async bucket(): Promise<KV | null> {
    if (this.kv !== null) return this.kv;
    if (Date.now() - this.kvFailedAt < KV_RETRY_AFTER_MS) return null;
    try {
      const js = jetstream(this.connection, { timeout: this.config.RATE_LIMIT_KV_TIMEOUT_MS });
      this.kv = await new Kvm(js).create(REPLAY_MARKS_BUCKET, {
        ttl: REPLAY_MARK_TTL_MS,
        history: 1,
        max_bytes: BUCKET_MAX_BYTES,
        storage: StorageType.File,
        // Kept as created: an operator raises an existing bucket's replicas (docs/nats.md).
        replicas: this.config.NATS_REPLICAS,
        timeout: this.config.RATE_LIMIT_KV_TIMEOUT_MS,
      });
      return this.kv;
    } catch (error) {
      this.failed(error);
      return null;
    }
  }

  private failed(error: unknown): void {
    if (this.kv !== null || this.kvFailedAt === 0) {
      this.logger.warn(
        { err: error },
        'replay-marks bucket unavailable: answers are not marked as replays for now',
      );
    }
    this.kv = null;
    this.kvFailedAt = Date.now();
  }
}
