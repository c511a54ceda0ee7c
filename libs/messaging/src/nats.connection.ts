import { natsAuthOptions } from '@ticketonomics/bus-auth';
import {
  connect,
  createInbox,
  errors,
  type ConnectionOptions,
  type NatsConnection,
  type Status,
} from '@nats-io/transport-node';
import type { Logger } from 'pino';

export interface NatsConnectionOptions {
  url: string;
  name: string;
  /** This process's credentials file (libs/bus-auth); read again on every reconnect, so a rotation applies. */
  credentialsFile: string;
  /** CA certificate to verify a TLS server with (a tls:// URL, or a server that requires TLS). */
  tlsCaFile?: string;
  /** Wait between reconnect attempts; the client keeps trying forever so a NATS restart is survived. */
  reconnectWaitMs?: number;
  /** How long the first connect may take before start-up fails. */
  connectTimeoutMs?: number;
}

/** The URL as it may be logged: without a user or password in it. */
export function redactNatsUrl(url: string): string {
  return url.replace(/(^|,)\s*([a-z]+:\/\/)?[^@,/\s]*@/gi, '$1$2***@');
}

export async function connectNats(options: NatsConnectionOptions, logger: Logger): Promise<NatsConnection> {
  const nc = await connect({
    servers: options.url.split(',').map((server) => server.trim()),
    name: options.name,
    ...natsAuthOptions(options.credentialsFile, options.tlsCaFile),
    maxReconnectAttempts: -1,
    reconnectTimeWait: options.reconnectWaitMs ?? 500,
    timeout: options.connectTimeoutMs ?? 5_000,
    waitOnFirstConnect: true,
    pingInterval: 10_000,
    maxPingOut: 3,
    // Otherwise every request builds two errors with stack traces up front, in case it fails: 15% of the
    // api-gateway's CPU per API transfer (docs/benchmarks.md). Our errors name the subject instead.
    noAsyncTraces: true,
  });
  logger.info({ url: redactNatsUrl(options.url), server: nc.getServer() }, 'connected to NATS');
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'ping') continue;
      if (status.type === 'error' && status.error instanceof errors.PermissionViolationError) {
        // A subject this process is not granted: a bug to fix in libs/contracts/src/bus/bus.roles.ts.
        const { operation, subject, queue } = status.error;
        logger.error({ operation, subject, queue }, 'NATS refused a subject this service may not use');
        continue;
      }
      logger.info(loggableStatus(status), 'NATS connection status');
    }
  })();
  return nc;
}

/** What a status says, without the objects (subscriptions, errors with stacks) some carry. */
function loggableStatus(status: Status): Record<string, unknown> {
  switch (status.type) {
    case 'disconnect':
    case 'reconnect':
    case 'ldm':
      return { type: status.type, server: status.server };
    case 'update':
      return { type: status.type, added: status.added, deleted: status.deleted };
    case 'error':
      return { type: status.type, error: status.error.message };
    case 'slowConsumer':
      return { type: status.type, subject: status.sub.getSubject(), pending: status.pending };
    default:
      return { type: status.type };
  }
}

/** Drain (finish what is in flight, flush what is queued) and close; never throws. */
export async function drainNats(nc: NatsConnection, logger: Logger): Promise<void> {
  if (nc.isClosed()) return;
  try {
    await nc.drain();
  } catch (error) {
    logger.warn({ err: error }, 'NATS drain failed; closing');
    await nc.close().catch(() => undefined);
  }
}

/** A new inbox under this connection's own prefix, the only replies its permissions let it read. */
export function connectionInbox(nc: NatsConnection): string {
  // nats.js keeps the options on the connection object but does not type them on NatsConnection.
  const prefix = (nc as unknown as { options?: ConnectionOptions }).options?.inboxPrefix;
  return createInbox(prefix);
}
