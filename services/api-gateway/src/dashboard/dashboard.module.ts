import { Module, type DynamicModule } from '@nestjs/common';
import { CommandClient, SharedConnectionCounter, type SharedLimitsBucket } from '@ticketonomics/messaging';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { DashboardController } from './dashboard.controller';
import { DashboardPages } from './dashboard-page.service';
import { DashboardVisibility } from './dashboard-visibility.service';
import { DASHBOARD_LIMITS_DEFAULT, type DashboardLimits } from './dashboard.limits';
import {
  DASHBOARD_COMMANDS,
  DASHBOARD_FEED_COUNTER,
  DASHBOARD_LIMITS,
  DASHBOARD_LIMITS_BUCKET,
  DASHBOARD_LOGGER,
  DASHBOARD_NATS,
} from './dashboard.tokens';
import { EconomyPanelService } from './economy-panel.service';
import { MemberLabels } from './member-labels.service';
import { PublicController } from './public.controller';
import { PublicDataService } from './public-data.service';
import { PublicFeed } from './public-feed.service';
import { PublicReadRateGuard, PublicVerifyRateGuard } from './public-rate.guard';

export interface DashboardModuleOptions {
  /** The gateway's NATS connection: commands are asked and live events heard through it. */
  connection: NatsConnection;
  logger: Logger;
  /**
   * Where the per-address limits (reads, verify, live feeds) count, together with every other gateway
   * replica; per process while it is out of reach.
   */
  limitsBucket: SharedLimitsBucket;
  /** How long a replica's open feeds count for the others without renewal (SHARED_LIMITS_LEASE_MS). */
  feedLeaseMs: number;
  /** Overrides of DASHBOARD_LIMITS_DEFAULT (tests shorten caches). */
  limits?: Partial<DashboardLimits>;
}

/**
 * The public dashboard: the page at GET /dashboard/:communityId and the key-less, read-only JSON and
 * live feed under /public/communities/:communityId/ that it reads. Self-contained on purpose: it needs
 * only the gateway's NATS connection, logger and shared limits bucket, and keeps its own command client,
 * limits and caches.
 */
@Module({})
export class DashboardModule {
  static forRoot(options: DashboardModuleOptions): DynamicModule {
    const limits: DashboardLimits = { ...DASHBOARD_LIMITS_DEFAULT, ...options.limits };
    return {
      module: DashboardModule,
      controllers: [DashboardController, PublicController],
      providers: [
        { provide: DASHBOARD_NATS, useValue: options.connection },
        { provide: DASHBOARD_LOGGER, useValue: options.logger },
        { provide: DASHBOARD_LIMITS, useValue: limits },
        { provide: DASHBOARD_LIMITS_BUCKET, useValue: options.limitsBucket },
        {
          provide: DASHBOARD_FEED_COUNTER,
          useValue: new SharedConnectionCounter(options.limitsBucket, {
            name: 'feeds_per_address',
            leaseMs: options.feedLeaseMs,
          }),
        },
        {
          provide: DASHBOARD_COMMANDS,
          useValue: new CommandClient(options.connection, { timeoutMs: limits.commandTimeoutMs }),
        },
        DashboardVisibility,
        DashboardPages,
        EconomyPanelService,
        MemberLabels,
        PublicDataService,
        PublicFeed,
        PublicReadRateGuard,
        PublicVerifyRateGuard,
      ],
      // The API's member lists show the same display names as the public page.
      exports: [MemberLabels],
    };
  }
}
