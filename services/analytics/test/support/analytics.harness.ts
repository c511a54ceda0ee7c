import {
  AnalyticsCommands,
  EVENT_STREAM,
  type AnalyticsStatus,
  type CloudEvent,
  type EventSpec,
} from '@ticketonomics/contracts';
import { buildEvent, encodeJson } from '@ticketonomics/messaging';
import { startServiceHarness, waitFor, type ServiceHarness } from '@ticketonomics/testing';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { startAnalytics, type RunningAnalytics } from '../../src/analytics.app';
import { AnalyticsConfigSchema } from '../../src/config/analytics.config';

export type AnalyticsHarness = ServiceHarness<RunningAnalytics>;

/** Start an analytics replica in-process from environment-style settings. */
export function startAnalyticsReplica(
  env: Record<string, string>,
  logger: Logger,
): Promise<RunningAnalytics> {
  return startAnalytics(AnalyticsConfigSchema.parse(env), logger);
}

/** One analytics replica in-process on a fresh nats-server and data dir. */
export function startAnalyticsHarness(env: Record<string, string> = {}): Promise<AnalyticsHarness> {
  return startServiceHarness({
    name: 'analytics',
    env: { ANALYTICS_REPLICA_ID: 'replica-a', ...env },
    start: startAnalyticsReplica,
  });
}

/** Publish an event into the stream as a service's outbox would: on its type, with its id as Nats-Msg-Id. */
export async function publishEvent<E extends EventSpec>(
  nc: NatsConnection,
  spec: E,
  input: { communityId: string; subject: string; data: unknown; time?: string },
): Promise<CloudEvent> {
  const event = buildEvent(spec, {
    source: `ticketonomics/${spec.type.split('.')[2]}`,
    communityId: input.communityId,
    subject: input.subject,
    data: input.data as never,
    time: input.time === undefined ? undefined : new Date(input.time),
  });
  await publishRaw(nc, spec.type, encodeJson(event), event.id);
  return event;
}

/** Publish bytes as they are (a republish, or something malformed); a msgId makes JetStream dedupe it. */
export async function publishRaw(
  nc: NatsConnection,
  subject: string,
  body: Uint8Array,
  msgId?: string,
): Promise<number> {
  const ack = await jetstream(nc).publish(subject, body, msgId === undefined ? undefined : { msgID: msgId });
  return ack.seq;
}

export async function streamLastSeq(nc: NatsConnection): Promise<number> {
  const info = await (await jetstreamManager(nc)).streams.info(EVENT_STREAM);
  return info.state.last_seq;
}

/** Wait until the answering replica has applied the stream up to its current end. */
export async function waitCaughtUp(h: AnalyticsHarness, timeoutMs = 20_000): Promise<AnalyticsStatus> {
  const last = await streamLastSeq(h.nc);
  return waitFor(
    async () => {
      const status = await h.ok<AnalyticsStatus>(AnalyticsCommands.statusGet.subject, {});
      return status.appliedSeq >= last && !status.rebuilding ? status : undefined;
    },
    { timeoutMs },
  );
}
