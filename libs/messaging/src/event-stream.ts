import { EVENT_STREAM, EVENT_SUBJECTS } from '@ticketonomics/contracts';
import {
  DiscardPolicy,
  RetentionPolicy,
  StorageType,
  type NatsConnection,
  nanos,
  type StreamConfig,
} from 'nats';

export interface EventStreamLimits {
  /** How long events are kept; a read model rebuilt from the stream can go back this far. */
  maxAgeMs: number;
  maxBytes: number;
  /** Window in which a republished Nats-Msg-Id is dropped as a duplicate. */
  duplicateWindowMs: number;
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
 * (`update: true`, as `npm start` and `npm run nats:user` do) brings an existing stream's limits up to
 * date: a service may not change the stream, so that no service can shrink what others rely on.
 */
export async function ensureEventStream(
  nc: NatsConnection,
  limits: EventStreamLimits = EVENT_STREAM_LIMITS_DEFAULT,
  options: { update?: boolean } = {},
): Promise<void> {
  const jsm = await nc.jetstreamManager();
  const config: Partial<StreamConfig> = {
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
    await jsm.streams.info(EVENT_STREAM);
    if (!options.update) return;
  } catch {
    try {
      await jsm.streams.add(config);
      return;
    } catch (error) {
      // Another service may have created it between our two calls.
      if (!String(error).includes('already in use')) throw error;
    }
  }
  if (options.update) await jsm.streams.update(EVENT_STREAM, config);
}
