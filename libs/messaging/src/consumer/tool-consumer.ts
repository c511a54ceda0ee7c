import { EVENT_STREAM } from '@ticketonomics/contracts';
import { AckPolicy, DeliverPolicy, jetstreamManager } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { isJetStreamError, JS_ERROR_CODES } from '../jetstream.errors';

/** Limits of a tool's consumer: a slow or stopped tool holds at most this much of the server's work. */
export const TOOL_CONSUMER_LIMITS = {
  ackWaitMs: 30_000,
  maxAckPending: 1_000,
  maxDeliver: 10,
} as const;

/**
 * The durable pull consumer a read-only tool reads events from, named like its user. Made by the operator,
 * because a tool may not create consumers: NATS cannot tell its pull consumer from a push consumer whose
 * deliver subject would send the stream anywhere. Kept when it exists, so the tool keeps its position.
 */
export async function ensureToolConsumer(
  nc: NatsConnection,
  user: string,
  from: 'all' | 'new' = 'all',
): Promise<void> {
  const jsm = await jetstreamManager(nc);
  try {
    await jsm.consumers.info(EVENT_STREAM, user);
    return;
  } catch (error) {
    if (!isJetStreamError(error, JS_ERROR_CODES.consumerNotFound)) throw error;
  }
  await jsm.consumers.add(EVENT_STREAM, {
    durable_name: user,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: from === 'new' ? DeliverPolicy.New : DeliverPolicy.All,
    filter_subject: 'tk.evt.>',
    ack_wait: nanos(TOOL_CONSUMER_LIMITS.ackWaitMs),
    max_ack_pending: TOOL_CONSUMER_LIMITS.maxAckPending,
    max_deliver: TOOL_CONSUMER_LIMITS.maxDeliver,
  });
}

/** Remove a tool's consumer; false when it had none. */
export async function deleteToolConsumer(nc: NatsConnection, user: string): Promise<boolean> {
  const jsm = await jetstreamManager(nc);
  try {
    return await jsm.consumers.delete(EVENT_STREAM, user);
  } catch (error) {
    if (isJetStreamError(error, JS_ERROR_CODES.consumerNotFound)) return false;
    throw error;
  }
}
