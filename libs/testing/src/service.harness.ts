import { EVENT_STREAM, type Reply, type ServiceRole } from '@ticketonomics/contracts';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import pino, { type Logger } from 'pino';
import { startNatsServer, type NatsServerHarness } from './nats-server.harness';
import { makeTempDir, removeDir } from './temp-dir';

/** What a service's start function returns: something that stops it. */
export interface InProcessService {
  close(): Promise<void>;
}

/**
 * Everything one e2e suite needs: its own nats-server, the service in-process on its own data, and a
 * plain client connection. (No CommandClient here: libs/messaging's own specs use this library.)
 */
export interface ServiceHarness<S extends InProcessService> {
  nats: NatsServerHarness;
  /** The running service; a new object after restart(). */
  readonly service: S;
  /** A plain client connection, as any caller would have. */
  nc: NatsConnection;
  dataDir: string;
  /** Send a payload (or raw bytes) and return the reply envelope as received. */
  call<T = unknown>(subject: string, payload: unknown, timeoutMs?: number): Promise<Reply<T>>;
  callRaw<T = unknown>(subject: string, body: Uint8Array, timeoutMs?: number): Promise<Reply<T>>;
  /** The data of an ok reply; fails the test with the error otherwise. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ok<T = any>(subject: string, payload: unknown): Promise<T>;
  /** Stop the service and start it again on the same data. */
  restart(): Promise<void>;
  /** Events stored in JetStream so far, in stream order. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  streamEvents(): Promise<{ subject: string; msgId: string | undefined; data: any }[]>;
  close(): Promise<void>;
}

export interface ServiceHarnessOptions<S extends InProcessService> {
  name: string;
  /** Starts the service from environment-style settings (parse them with the service's config schema). */
  start: (env: Record<string, string>, logger: Logger) => Promise<S>;
  /** Settings over the harness's own (NATS_URL, DATA_DIR, HTTP_PORT=0, LOG_LEVEL=silent). */
  env?: Record<string, string>;
}

export const HARNESS_REQUEST_TIMEOUT_MS = 10_000;

/** Boot a service in-process against a fresh nats-server and a temp DATA_DIR. TEST_LOG_LEVEL shows its logs. */
export async function startServiceHarness<S extends InProcessService>(
  options: ServiceHarnessOptions<S>,
): Promise<ServiceHarness<S>> {
  const nats = await startNatsServer();
  const dataDir = await makeTempDir(`${options.name}-test-`);
  const env = {
    ...nats.serviceEnv(options.name as ServiceRole),
    DATA_DIR: dataDir,
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    ...options.env,
  };
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  let service = await options.start(env, logger);
  const nc = await nats.connect('operator', { maxReconnectAttempts: -1, reconnectTimeWait: 100 });
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  const callRaw = async <T>(subject: string, body: Uint8Array, timeoutMs = HARNESS_REQUEST_TIMEOUT_MS) => {
    const msg = await nc.request(subject, body, { timeout: timeoutMs });
    return JSON.parse(decoder.decode(msg.data)) as Reply<T>;
  };
  const call = <T>(subject: string, payload: unknown, timeoutMs?: number) =>
    callRaw<T>(subject, encoder.encode(JSON.stringify(payload)), timeoutMs);

  return {
    nats,
    get service() {
      return service;
    },
    nc,
    dataDir,
    call,
    callRaw,
    async ok<T>(subject: string, payload: unknown): Promise<T> {
      const reply = await call<T>(subject, payload);
      if (!reply.ok) throw new Error(`${subject} failed: ${JSON.stringify(reply.error)}`);
      return reply.data;
    },
    async restart() {
      await service.close();
      service = await options.start(env, logger);
    },
    async streamEvents() {
      const jsm = await jetstreamManager(nc);
      const info = await jsm.streams.info(EVENT_STREAM);
      const events: { subject: string; msgId: string | undefined; data: unknown }[] = [];
      for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq += 1) {
        const message = await jsm.streams.getMessage(EVENT_STREAM, { seq });
        // A sequence the stream's limits or a delete already removed.
        if (message === null) continue;
        events.push({
          subject: message.subject,
          msgId: message.header?.get('Nats-Msg-Id'),
          data: JSON.parse(decoder.decode(message.data)),
        });
      }
      return events;
    },
    async close() {
      await service.close().catch(() => undefined);
      await nc.close().catch(() => undefined);
      await nats.dispose();
      await removeDir(dataDir);
    },
  };
}
