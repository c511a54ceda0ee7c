import { Inject, Injectable } from '@nestjs/common';
import { encodeJson, isJetStreamError, JS_ERROR_CODES } from '@ticketonomics/messaging';
import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  jetstream,
  type JetStreamClient,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
} from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { API_GATEWAY_CONFIG, LOGGER, NATS_CONNECTION } from '../api-gateway.tokens';
import type { ApiGatewayConfig } from '../config/api-gateway.config';
import { ApiMetrics } from '../metrics/api.metrics';
import {
  AUDIT_STREAM,
  AUDIT_SUBJECTS,
  auditSubject,
  type AuditEntry,
  type StoredAuditEntry,
} from './audit.entry';

/** How long a read waits for the entries it was told are there. */
const READ_TIMEOUT_MS = 3_000;
/** A read's consumer is removed by the server this long after the gateway forgets it (say, it crashed). */
const READ_CONSUMER_INACTIVE_MS = 30_000;

export interface AuditReadOptions {
  /** Entries at or after this time (default: one hour ago), unless a cursor is given. */
  since?: string;
  /** The stream sequence of the last entry of the previous page. */
  afterSeq?: number;
  limit: number;
}

export interface AuditReader {
  read(
    communityId: string,
    options: AuditReadOptions,
  ): Promise<{ items: StoredAuditEntry[]; nextCursor: string | null }>;
}

/**
 * Every request's key, route and result, appended to the JetStream stream AUDIT on `tk.audit.<community>`
 * with explicit age and size limits (oldest entries dropped first). Writes never hold up the response:
 * a publish JetStream does not acknowledge is counted and logged, not retried.
 */
@Injectable()
export class AuditLog implements AuditReader {
  private readonly js: JetStreamClient;

  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    @Inject(API_GATEWAY_CONFIG) private readonly config: ApiGatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: ApiMetrics,
  ) {
    this.js = jetstream(connection);
  }

  /** Create the stream, or bring its limits up to date. */
  async start(): Promise<void> {
    const jsm = await jetstreamManager(this.connection);
    const config: Partial<StreamConfig> & { name: string } = {
      name: AUDIT_STREAM,
      subjects: [AUDIT_SUBJECTS],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      max_age: nanos(this.config.AUDIT_MAX_AGE_MS),
      max_bytes: this.config.AUDIT_MAX_BYTES,
      num_replicas: this.config.NATS_REPLICAS,
    };
    let exists = true;
    try {
      await jsm.streams.info(AUDIT_STREAM);
    } catch (error) {
      if (!isJetStreamError(error, JS_ERROR_CODES.streamNotFound)) throw error;
      exists = false;
    }
    if (!exists) {
      try {
        await jsm.streams.add(config);
        return;
      } catch (error) {
        // Another replica may have created it in between: bring it up to date below.
        if (!isJetStreamError(error, JS_ERROR_CODES.streamNameInUse)) throw error;
      }
    }
    try {
      await jsm.streams.update(AUDIT_STREAM, config);
    } catch (error) {
      // Limits the server refuses (say, more bytes than it has) must not keep the API from starting.
      this.logger.warn({ err: error }, 'audit stream limits not updated: it keeps its current ones');
    }
  }

  record(entry: AuditEntry): void {
    this.js.publish(auditSubject(entry.communityId), encodeJson(entry)).catch((error: unknown) => {
      this.metrics.auditPublishFailures.inc();
      this.logger.warn({ err: error, audit: entry }, 'audit entry not stored');
    });
  }

  async read(
    communityId: string,
    options: AuditReadOptions,
  ): Promise<{ items: StoredAuditEntry[]; nextCursor: string | null }> {
    const jsm = await jetstreamManager(this.connection);
    const start =
      options.afterSeq !== undefined
        ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: options.afterSeq + 1 }
        : {
            deliver_policy: DeliverPolicy.StartTime,
            opt_start_time: options.since ?? new Date(Date.now() - 60 * 60 * 1000).toISOString(),
          };
    const info = await jsm.consumers.add(AUDIT_STREAM, {
      filter_subject: auditSubject(communityId),
      ack_policy: AckPolicy.None,
      mem_storage: true,
      inactive_threshold: nanos(READ_CONSUMER_INACTIVE_MS),
      ...start,
    });
    try {
      const wanted = Math.min(options.limit, info.num_pending);
      const items: StoredAuditEntry[] = [];
      if (wanted > 0) {
        const consumer = await this.js.consumers.get(AUDIT_STREAM, info.name);
        const messages = await consumer.fetch({ max_messages: wanted, expires: READ_TIMEOUT_MS });
        for await (const message of messages) {
          items.push({ ...(message.json() as AuditEntry), seq: message.seq });
          if (items.length >= wanted) break;
        }
      }
      const last = items.at(-1);
      return {
        items,
        nextCursor: info.num_pending > items.length && last !== undefined ? String(last.seq) : null,
      };
    } finally {
      await jsm.consumers.delete(AUDIT_STREAM, info.name).catch(() => undefined);
    }
  }
}
