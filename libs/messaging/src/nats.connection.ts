import { connect, type NatsConnection } from 'nats';
import type { Logger } from 'pino';

export interface NatsConnectionOptions {
  url: string;
  name: string;
  /** Wait between reconnect attempts; the client keeps trying forever so a NATS restart is survived. */
  reconnectWaitMs?: number;
  /** How long the first connect may take before start-up fails. */
  connectTimeoutMs?: number;
}

export async function connectNats(options: NatsConnectionOptions, logger: Logger): Promise<NatsConnection> {
  const nc = await connect({
    servers: options.url,
    name: options.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: options.reconnectWaitMs ?? 500,
    timeout: options.connectTimeoutMs ?? 5_000,
    waitOnFirstConnect: true,
    pingInterval: 10_000,
    maxPingOut: 3,
  });
  logger.info({ url: options.url, server: nc.getServer() }, 'connected to NATS');
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'pingTimer') continue;
      logger.info({ type: status.type, data: status.data }, 'NATS connection status');
    }
  })();
  return nc;
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
