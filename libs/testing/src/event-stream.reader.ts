import { EVENT_STREAM } from '@ticketonomics/contracts';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';

const decoder = new TextDecoder();

export interface StoredEvent {
  seq: number;
  subject: string;
  msgId: string | undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- events of every type: a test reads the fields it knows
  event: { id: string; type: string; subject: string; data: any };
}

export interface StreamState {
  messages: number;
  lastSeq: number;
  /** Messages per subject. */
  subjects: Record<string, number>;
}

export async function streamState(nc: NatsConnection): Promise<StreamState> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(EVENT_STREAM, { subjects_filter: '>' });
  return { messages: info.state.messages, lastSeq: info.state.last_seq, subjects: info.state.subjects ?? {} };
}

/** Every message in the event stream, in order, read with an ordered consumer (fast for many messages). */
export async function readStream(nc: NatsConnection, timeoutMs = 20_000): Promise<StoredEvent[]> {
  const { messages, lastSeq } = await streamState(nc);
  if (messages === 0) return [];
  const consumer = await jetstream(nc).consumers.get(EVENT_STREAM);
  const iterator = await consumer.consume({ max_messages: 1_000 });
  const timer = setTimeout(() => void iterator.stop(), timeoutMs);
  const events: StoredEvent[] = [];
  try {
    for await (const message of iterator) {
      events.push({
        seq: message.seq,
        subject: message.subject,
        msgId: message.headers?.get('Nats-Msg-Id'),
        event: JSON.parse(decoder.decode(message.data)),
      });
      if (message.seq >= lastSeq) break;
    }
  } finally {
    clearTimeout(timer);
    await iterator.close().catch(() => undefined);
  }
  if (events.length !== messages) {
    throw new Error(
      `read ${events.length} of the ${messages} messages in ${EVENT_STREAM} within ${timeoutMs} ms`,
    );
  }
  return events;
}
