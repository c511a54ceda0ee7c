import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connectNats, drainNats, NatsHealth, SharedLimitsBucket } from '@ticketonomics/messaging';
import { busConnectionOptions, NestPinoLogger, Readiness } from '@ticketonomics/runtime';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { ApiGatewayModule } from './api-gateway.module';
import { AuditLog } from './audit/audit.log';
import { ApiKeyVerifier } from './auth/api-key.verifier';
import type { ApiGatewayConfig } from './config/api-gateway.config';
import { ApiEventsRoute } from './events/api-events.route';
import { EventHub } from './events/event.hub';
import { EventStreamServer } from './events/event-stream.server';
import { ApiRouter } from './http/api.router';
import { HttpExceptionFilter } from './http/http-exception.filter';
import { refuseUnparsableTargets } from './http/request-url';
import { RateLimiter } from './rate-limit/rate-limiter';

/** Keep-alive connections idle this long are closed, so shutdown is not held up by idle clients. */
const KEEP_ALIVE_TIMEOUT_MS = 5_000;
/** A request whose headers and body take longer than this is cut (a slow-loris client). */
const REQUEST_TIMEOUT_MS = 30_000;

export interface RunningApiGateway {
  app: INestApplication;
  httpPort: number;
  /** Close the event streams (1001), stop taking requests, finish those in flight, drain NATS. */
  close(): Promise<void>;
}

/** The HTTP API's version (OpenAPI info.version): the /v1 contract, not the package's release. */
export const API_VERSION = '1.0.0';

/** Start the HTTP API gateway: used by main.ts for the process and by tests in-process. */
export async function startApiGateway(config: ApiGatewayConfig, logger: Logger): Promise<RunningApiGateway> {
  const connection = await connectNats(busConnectionOptions(config, 'api-gateway'), logger);
  try {
    const app = await NestFactory.create(
      ApiGatewayModule.forRoot({ config, logger, connection, version: API_VERSION }),
      { logger: new NestPinoLogger(logger) },
    );
    const natsHealth = new NatsHealth(connection);
    app.get(Readiness).register('nats', () => natsHealth.connected);
    await app.get(AuditLog).start();
    await app.get(RateLimiter).start();
    // Out of reach now, it is tried again later; meanwhile each replica counts its limits alone (logged).
    await app.get(SharedLimitsBucket).open();
    const verifier = app.get(ApiKeyVerifier);
    verifier.start();
    const hub = app.get(EventHub);
    await hub.start();
    const streams = app.get(EventStreamServer);
    streams.addRoute(app.get(ApiEventsRoute));
    verifier.onRevoked((keyId) => streams.closeKey(keyId));
    const express = app.getHttpAdapter().getInstance() as {
      disable(setting: string): void;
      set(setting: string, value: unknown): void;
      router: {
        stack: ConstructorParameters<typeof HttpExceptionFilter>[0] extends () => infer L ? L : never;
      };
    };
    // Errors of every path outside the route table (docs, dashboard, public JSON, unknown) in its shape.
    app.useGlobalFilters(new HttpExceptionFilter(() => express.router.stack, logger));
    // Says nothing useful to a client and names the framework to an attacker.
    express.disable('x-powered-by');
    // req.ip (the dashboard's per-address limits) then agrees with the API's clientAddress().
    express.set('trust proxy', config.TRUST_PROXY_HOPS === 0 ? false : config.TRUST_PROXY_HOPS);
    // Before app.listen (which registers Nest's routes and body parsers): the route table answers /v1/.
    app.use(app.get(ApiRouter).middleware);
    const server = app.getHttpServer() as Server;
    server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
    server.requestTimeout = REQUEST_TIMEOUT_MS;
    refuseUnparsableTargets(server);
    streams.attach(server);
    await app.listen(config.HTTP_PORT, config.HTTP_HOST);
    const httpPort = (server.address() as AddressInfo).port;
    logger.info({ httpPort }, 'api-gateway ready');
    let closing: Promise<void> | null = null;
    return {
      app,
      httpPort,
      close: () => {
        closing ??= (async () => {
          await streams.close();
          hub.stop();
          verifier.stop();
          await app.close();
          await drainNats(connection, logger);
        })();
        return closing;
      },
    };
  } catch (error) {
    await drainNats(connection, logger);
    throw error;
  }
}
