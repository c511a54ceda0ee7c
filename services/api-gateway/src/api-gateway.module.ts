import { Global, Module, type DynamicModule } from '@nestjs/common';
import { CommandClient, SharedLimitsBucket } from '@ticketonomics/messaging';
import { HealthModule } from '@ticketonomics/runtime';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { API_GATEWAY_CONFIG, API_GATEWAY_VERSION, LOGGER, NATS_CONNECTION } from './api-gateway.tokens';
import { AppSessionService } from './app-auth/app-sessions.service';
import { SignInReplays } from './app-auth/sign-in.replays';
import { AuditLog } from './audit/audit.log';
import { ApiKeyVerifier } from './auth/api-key.verifier';
import type { ApiGatewayConfig } from './config/api-gateway.config';
import { DashboardModule } from './dashboard/dashboard.module';
import { ApiEventsRoute } from './events/api-events.route';
import { EventHub } from './events/event.hub';
import { EventStreamServer } from './events/event-stream.server';
import { ApiRouter } from './http/api.router';
import { KnownMemberships } from './members/known-memberships.cache';
import { ReplayMarks } from './http/replay.marks';
import { ApiMetrics } from './metrics/api.metrics';
import { DocsController } from './openapi/docs.controller';
import { RateLimiter } from './rate-limit/rate-limiter';
import { apiGatewayLimitsBucket } from './shared/shared-limits';
import { WalletPageController } from './wallet/wallet-page.controller';

export interface ApiGatewayModuleOptions {
  config: ApiGatewayConfig;
  logger: Logger;
  connection: NatsConnection;
  version: string;
}

/** Providers other modules of the gateway (the dashboard) may inject; see docs/http-api.md. */
const SHARED = [
  CommandClient,
  EventHub,
  EventStreamServer,
  RateLimiter,
  ApiKeyVerifier,
  SharedLimitsBucket,
  API_GATEWAY_CONFIG,
  LOGGER,
  NATS_CONNECTION,
];

/** The gateway's shared parts, global so that feature modules can inject them without re-importing. */
@Global()
@Module({})
class ApiGatewayCoreModule {
  static forRoot(options: ApiGatewayModuleOptions, limitsBucket: SharedLimitsBucket): DynamicModule {
    return {
      module: ApiGatewayCoreModule,
      global: true,
      providers: [
        { provide: API_GATEWAY_CONFIG, useValue: options.config },
        { provide: LOGGER, useValue: options.logger },
        { provide: NATS_CONNECTION, useValue: options.connection },
        { provide: API_GATEWAY_VERSION, useValue: options.version },
        { provide: SharedLimitsBucket, useValue: limitsBucket },
        {
          provide: CommandClient,
          useValue: new CommandClient(options.connection, {
            timeoutMs: options.config.API_REQUEST_TIMEOUT_MS,
          }),
        },
        ApiMetrics,
        EventHub,
        EventStreamServer,
        RateLimiter,
        ApiKeyVerifier,
        AuditLog,
      ],
      exports: [...SHARED, API_GATEWAY_VERSION, ApiMetrics, AuditLog],
    };
  }
}

/**
 * The HTTP API gateway: the route table's router (mounted by api-gateway.app.ts before Nest's routes),
 * the WebSocket event streams, /openapi.json and /docs, /healthz /readyz /metrics, and the public
 * dashboard. It keeps nothing that matters: keys live in accounts, rate windows and the limits every
 * replica counts together in NATS KV buckets, the audit log in JetStream.
 */
@Module({})
export class ApiGatewayModule {
  static forRoot(options: ApiGatewayModuleOptions): DynamicModule {
    // One bucket handle for the API's limits and the dashboard's: one outage is logged once.
    const limitsBucket = apiGatewayLimitsBucket(options.connection, options.config, options.logger);
    return {
      module: ApiGatewayModule,
      imports: [
        HealthModule.forService('api-gateway'),
        ApiGatewayCoreModule.forRoot(options, limitsBucket),
        DashboardModule.forRoot({
          connection: options.connection,
          logger: options.logger,
          limitsBucket,
          feedLeaseMs: options.config.SHARED_LIMITS_LEASE_MS,
          limits: { feedClientsMax: options.config.DASHBOARD_FEED_CLIENTS_MAX },
        }),
      ],
      controllers: [DocsController, WalletPageController],
      providers: [ApiRouter, ApiEventsRoute, ReplayMarks, AppSessionService, SignInReplays, KnownMemberships],
    };
  }
}
