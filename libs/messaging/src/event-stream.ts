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

/** Create the event stream, or bring its limits up to date; safe to call from every service at start. */
export async function ensureEventStream(
  nc: NatsConnection,
  limits: EventStreamLimits = EVENT_STREAM_LIMITS_DEFAULT,
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
  } catch {
    try {
      await jsm.streams.add(config);
      return;
    } catch (error) {
      // Another service may have created it between our two calls.
      if (!String(error).includes('already in use')) throw error;
    }
  }
  await jsm.streams.update(EVENT_STREAM, config);
}
