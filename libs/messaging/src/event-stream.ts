import { EVENT_STREAM, EVENT_SUBJECTS } from '@ticketonomics/contracts';
import {
  DiscardPolicy,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
} from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { isJetStreamError, JS_ERROR_CODES } from './jetstream.errors';

export interface EventStreamLimits {
  /** How long events are kept; a read model rebuilt from the stream can go back this far. */
  maxAgeMs: number;
  maxBytes: number;
  /** Window in which a republished Nats-Msg-Id is dropped as a duplicate. */
  duplicateWindowMs: number;
  /** Copies JetStream keeps (NATS_REPLICAS): 1 on one server, 3 on a cluster of three. */
  replicas: number;
}

export const EVENT_STREAM_LIMITS_DEFAULT: EventStreamLimits = {
  maxAgeMs: 365 * 24 * 60 * 60 * 1000,
  maxBytes: 10 * 1024 * 1024 * 1024,
  duplicateWindowMs: 24 * 60 * 60 * 1000,
  replicas: 1,
};

/**
 * Create the event stream when it is missing; safe to call from every service at start. Only an operator
 * (`update: true`, as `npm start`, `npm run nats:user` and infra/scripts/nats-replicas.mjs do) brings an
 * existing stream's limits and replica count up to date: a service may not change the stream, so that no
 * service can shrink what others rely on. Resolves with the replica count the stream has now, so that a
 * service can say when it has fewer than asked for.
 */
export async function ensureEventStream(
  nc: NatsConnection,
  limits: EventStreamLimits = EVENT_STREAM_LIMITS_DEFAULT,
  options: { update?: boolean } = {},
): Promise<{ replicas: number }> {
  const jsm = await jetstreamManager(nc);
  const config: Partial<StreamConfig> & { name: string } = {
    name: EVENT_STREAM,
    subjects: [EVENT_SUBJECTS],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: nanos(limits.maxAgeMs),
    max_bytes: limits.maxBytes,
    duplicate_window: nanos(limits.duplicateWindowMs),
    num_replicas: limits.replicas,
  };
  try {
    const info = await jsm.streams.info(EVENT_STREAM);
    if (!options.update) return { replicas: info.config.num_replicas };
  } catch (error) {
    if (!isJetStreamError(error, JS_ERROR_CODES.streamNotFound)) throw error;
    try {
      const info = await jsm.streams.add(config);
      return { replicas: info.config.num_replicas };
    } catch (addError) {
      // Another service may have created it between our two calls.
      if (!isJetStreamError(addError, JS_ERROR_CODES.streamNameInUse)) throw addError;
      if (!options.update) return { replicas: (await jsm.streams.info(EVENT_STREAM)).config.num_replicas };
    }
  }
  const info = await jsm.streams.update(EVENT_STREAM, config);
  return { replicas: info.config.num_replicas };
}
