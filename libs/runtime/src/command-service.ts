import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import type { CommandSpec } from '@ticketonomics/contracts';
import {
  connectNats,
  drainNats,
  ensureEventStream,
  EVENT_STREAM_LIMITS_DEFAULT,
  JsonNatsServer,
  type NatsConnectionOptions,
  NatsHealth,
  RpcPassthroughFilter,
} from '@ticketonomics/messaging';
import { openSqliteDataSource, type SqliteDataSourceOptions } from '@ticketonomics/persistence';
import type { NatsConnection } from '@nats-io/transport-node';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { Readiness } from './health';
import { NestPinoLogger } from './logger';

/** The settings every service process starts from (validated by BaseEnvSchema and a port). */
export interface ServiceProcessConfig {
  NATS_URL: string;
  NATS_CREDENTIALS_FILE: string;
  NATS_TLS_CA_FILE?: string;
  /** Replicas of what the service creates in JetStream (the event stream, buckets): 1 or 3. */
  NATS_REPLICAS?: number;
  DATA_DIR: string;
  HTTP_PORT: number;
  HTTP_HOST: string;
}

export interface CommandServiceOptions {
  /** Service name: NATS connection name and queue group, so replicas share requests. */
  name: string;
  config: ServiceProcessConfig;
  logger: Logger;
  store: Omit<SqliteDataSourceOptions, 'dataDir'>;
  commands: readonly CommandSpec[];
  /** The service's root module, built once NATS and the store are open. */
  module: (deps: { connection: NatsConnection; dataSource: DataSource }) => DynamicModule;
  inFlightMax?: number;
  /**
   * An open connection to use instead of making one: for a service that must claim something on the bus
   * (a lease naming its store file) before its store opens. close() drains it like its own.
   */
  connection?: NatsConnection;
}

/** How a service connects to the bus, from its validated environment. */
export function busConnectionOptions(
  config: { NATS_URL: string; NATS_CREDENTIALS_FILE: string; NATS_TLS_CA_FILE?: string },
  name: string,
): NatsConnectionOptions {
  return {
    url: config.NATS_URL,
    name,
    credentialsFile: config.NATS_CREDENTIALS_FILE,
    tlsCaFile: config.NATS_TLS_CA_FILE,
  };
}

export interface RunningService {
  app: INestApplication;
  httpPort: number;
  /** Stop taking requests, finish those in flight, flush events, close the store and NATS. */
  close(): Promise<void>;
}

/**
 * The event stream, created with `replicas` copies when missing; one with fewer is left alone (services may
 * not change it) and said so in the log, with how an operator raises it.
 */
export async function ensureServiceEventStream(
  connection: NatsConnection,
  replicas: number,
  logger: Logger,
): Promise<void> {
  const stream = await ensureEventStream(connection, { ...EVENT_STREAM_LIMITS_DEFAULT, replicas });
  if (stream.replicas < replicas) {
    logger.warn(
      { streamReplicas: stream.replicas, NATS_REPLICAS: replicas },
      'the event stream has fewer replicas than NATS_REPLICAS: an operator raises them with ' +
        'infra/scripts/nats-replicas.mjs (docs/nats.md); services may not change the stream',
    );
  }
}

/**
 * Start a service that answers commands over NATS and keeps a SQLite store: NATS (waiting for it), the
 * event stream, the store with its migrations, the Nest app with the plain-JSON transport, and HTTP for
 * /healthz, /readyz and /metrics. Used by each service's main.ts and by its tests in-process.
 */
export async function startCommandService(options: CommandServiceOptions): Promise<RunningService> {
  const { config, logger } = options;
  const connection =
    options.connection ?? (await connectNats(busConnectionOptions(config, options.name), logger));
  await ensureServiceEventStream(connection, config.NATS_REPLICAS ?? 1, logger);
  const dataSource = await openSqliteDataSource({ ...options.store, dataDir: config.DATA_DIR });
  const app = await NestFactory.create(options.module({ connection, dataSource }), {
    logger: new NestPinoLogger(logger),
  });
  const readiness = app.get(Readiness, { strict: false });
  const natsHealth = new NatsHealth(connection);
  readiness.register('nats', () => natsHealth.connected);
  readiness.register('database', () => dataSource.isInitialized);
  app.useGlobalFilters(new RpcPassthroughFilter());
  app.connectMicroservice<MicroserviceOptions>(
    {
      strategy: new JsonNatsServer({
        connection,
        queue: options.name,
        commands: options.commands,
        logger,
        inFlightMax: options.inFlightMax,
      }),
    },
    { inheritAppConfig: true },
  );
  await app.startAllMicroservices();
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  const httpPort = (app.getHttpServer().address() as AddressInfo).port;
  logger.info({ httpPort, dataDir: config.DATA_DIR }, `${options.name} ready`);
  let closing: Promise<void> | null = null;
  return {
    app,
    httpPort,
    close: () => {
      closing ??= (async () => {
        await app.close();
        await drainNats(connection, logger);
      })();
      return closing;
    },
  };
}
