import { Module, type DynamicModule } from '@nestjs/common';
import { PartitionFence } from '@ticketonomics/partitions';
import { rawDatabase } from '@ticketonomics/persistence';
import { HealthModule } from '@ticketonomics/runtime';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AnalyticsLifecycle } from './analytics.lifecycle';
import {
  ANALYTICS_CONFIG,
  CLOCK,
  LOGGER,
  NATS_CONNECTION,
  REPLICA_ID,
  STORE_SLOT,
  type Clock,
} from './analytics.tokens';
import { BalancesMessageHandler } from './balances/balances.message-handler';
import { BalancesService } from './balances/balances.service';
import type { AnalyticsConfig } from './config/analytics.config';
import { EventProjector } from './consumer/event.projector';
import { StreamConsumer } from './consumer/stream.consumer';
import { FlowsMessageHandler } from './flows/flows.message-handler';
import { FlowsService } from './flows/flows.service';
import { LeaderboardMessageHandler } from './leaderboard/leaderboard.message-handler';
import { LeaderboardService } from './leaderboard/leaderboard.service';
import { MarketMessageHandler } from './market/market.message-handler';
import { MarketService } from './market/market.service';
import { OverviewMessageHandler } from './overview/overview.message-handler';
import { OverviewService } from './overview/overview.service';
import { RebuildMessageHandler } from './rebuild/rebuild.message-handler';
import { RebuildService } from './rebuild/rebuild.service';
import { SeriesMessageHandler } from './series/series.message-handler';
import { SeriesService } from './series/series.service';
import type { StoreSlot } from './slots/store-slot';
import { AnalyticsStores } from './store/analytics.stores';

export interface AnalyticsModuleOptions {
  config: AnalyticsConfig;
  logger: Logger;
  connection: NatsConnection;
  dataSource: DataSource;
  replicaId: string;
  slot: StoreSlot;
  clock?: Clock;
}

@Module({})
export class AnalyticsModule {
  static forRoot(options: AnalyticsModuleOptions): DynamicModule {
    const { config } = options;
    return {
      module: AnalyticsModule,
      imports: [HealthModule.forService('analytics')],
      controllers: [
        OverviewMessageHandler,
        LeaderboardMessageHandler,
        SeriesMessageHandler,
        FlowsMessageHandler,
        BalancesMessageHandler,
        MarketMessageHandler,
        RebuildMessageHandler,
      ],
      providers: [
        { provide: LOGGER, useValue: options.logger },
        { provide: NATS_CONNECTION, useValue: options.connection },
        { provide: ANALYTICS_CONFIG, useValue: config },
        { provide: CLOCK, useValue: options.clock ?? Date.now },
        { provide: DataSource, useValue: options.dataSource },
        { provide: REPLICA_ID, useValue: options.replicaId },
        { provide: STORE_SLOT, useValue: options.slot },
        {
          provide: AnalyticsStores,
          useFactory: (dataSource: DataSource) => {
            const db = rawDatabase(dataSource);
            // Claimed once the slot is ours: from now on, a replica that held this file before cannot write it.
            const fence = new PartitionFence(db, `analytics ${options.slot.label}`, options.replicaId);
            fence.claim();
            return new AnalyticsStores(db, fence);
          },
          inject: [DataSource],
        },
        {
          provide: EventProjector,
          useFactory: (stores: AnalyticsStores) =>
            new EventProjector(stores, options.logger, { hourlyKeptDays: config.ANALYTICS_HOURLY_KEPT_DAYS }),
          inject: [AnalyticsStores],
        },
        {
          provide: StreamConsumer,
          useFactory: (stores: AnalyticsStores, projector: EventProjector) =>
            new StreamConsumer(options.connection, projector, stores.position, options.logger, {
              batchMax: config.ANALYTICS_BATCH_MAX,
              retryMs: config.ANALYTICS_RETRY_MS,
            }),
          inject: [AnalyticsStores, EventProjector],
        },
        OverviewService,
        LeaderboardService,
        SeriesService,
        FlowsService,
        BalancesService,
        MarketService,
        RebuildService,
        AnalyticsLifecycle,
      ],
    };
  }
}
