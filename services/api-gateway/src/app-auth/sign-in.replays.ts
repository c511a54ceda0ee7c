import { Inject, Injectable } from '@nestjs/common';
import { jetstream, StorageType } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { APP_SIGN_INS_BUCKET, DomainError } from '@ticketonomics/contracts';
import { isJetStreamError, JS_ERROR_CODES } from '@ticketonomics/messaging';
import { API_GATEWAY_CONFIG, NATS_CONNECTION } from '../api-gateway.tokens';
import type { ApiGatewayConfig } from '../config/api-gateway.config';
import { AUTH_DATE_CLOCK_SKEW_MS } from './telegram-signature';

/**
 * How long an accepted sign-in's hash is remembered: the longest APP_AUTH_MAX_AGE_MS allows (24 h) plus
 * the clock skew, so a sign-in is refused as replayed for as long as it could otherwise be accepted, whatever
 * the setting (the bucket's TTL is fixed when it is made). A hash is ~80 bytes.
 */
export const SIGN_IN_MARK_TTL_MS = 24 * 60 * 60_000 + AUTH_DATE_CLOCK_SKEW_MS;
const BUCKET_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Each Telegram sign-in is exchanged for a session once, over every gateway replica: its hash is created
 * in a KV bucket, which fails when the hash is there. Fails closed: with the bucket unreachable a sign-in
 * is 503 UNAVAILABLE, since accepting it could accept a replay.
 */
@Injectable()
export class SignInReplays {
  private kv: Promise<KV> | null = null;

  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    @Inject(API_GATEWAY_CONFIG) private readonly config: ApiGatewayConfig,
  ) {}

  /** true the first time `kind` + `hash` is seen; false for a replay. */
  async firstUse(kind: 'webapp' | 'login', hash: string): Promise<boolean> {
    try {
      const kv = await this.bucket();
      await kv.create(`${kind}.${hash}`, new Uint8Array([1]));
      return true;
    } catch (error) {
      if (
        isJetStreamError(
          error,
          JS_ERROR_CODES.streamWrongLastSequence,
          JS_ERROR_CODES.streamWrongLastSequenceUnknown,
        )
      ) {
        return false;
      }
      this.kv = null;
      throw new DomainError(
        'UNAVAILABLE',
        'sign-in is unavailable for a moment (its replay check cannot be reached); try again shortly',
        { state: 'sign_in_replays' },
      );
    }
  }

  private bucket(): Promise<KV> {
    if (this.kv === null) {
      const js = jetstream(this.connection, { timeout: this.config.RATE_LIMIT_KV_TIMEOUT_MS });
      this.kv = new Kvm(js).create(APP_SIGN_INS_BUCKET, {
        ttl: SIGN_IN_MARK_TTL_MS,
        history: 1,
        max_bytes: BUCKET_MAX_BYTES,
        storage: StorageType.File,
        replicas: this.config.NATS_REPLICAS,
        timeout: this.config.RATE_LIMIT_KV_TIMEOUT_MS,
      });
    }
    return this.kv;
  }
}
