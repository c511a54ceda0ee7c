import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { CommandClient, OutboxRelay } from '@ticketonomics/messaging';
import { rawDatabase } from '@ticketonomics/persistence';
import type { ServedPartitionContext } from '@ticketonomics/runtime';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ArtifactsLifecycle } from './artifacts.lifecycle';
import { CONFIG, LOGGER, NATS_CONNECTION } from './artifacts.tokens';
import type { ArtifactsConfig } from './config/artifacts.config';
import { EditionMoves } from './editions/edition-moves';
import { EditionsMessageHandler } from './editions/editions.message-handler';
import { EditionsService } from './editions/editions.service';
import { ArtifactsEventsEmitter } from './events/artifacts-events.emitter';
import { ListingSaleItem } from './market/listing-sale.item';
import { MarketMessageHandler } from './market/market.message-handler';
import { MarketService } from './market/market.service';
import { SagaOutcomes } from './metrics/artifacts.metrics';
import { ProvenanceMessageHandler } from './provenance/provenance.message-handler';
import { ProvenanceService } from './provenance/provenance.service';
import { FaultHook } from './sagas/fault.hook';
import { LedgerGateway } from './sagas/ledger.gateway';
import { Purchases } from './sagas/purchases';
import { SagaRunner } from './sagas/saga.runner';
import { SagaWorker } from './sagas/saga.worker';
import { SettingsMessageHandler } from './settings/settings.message-handler';
import { SettingsService } from './settings/settings.service';
import { ShopPurchaseItem } from './shop/shop-purchase.item';
import { ShopMessageHandler } from './shop/shop.message-handler';
import { ShopService } from './shop/shop.service';
import { ArtifactsStores } from './store/artifacts.stores';
import { TradeAcceptItem } from './trades/trade-accept.item';
import { TradeExpiryWorker } from './trades/trade-expiry.worker';
import { TradeSwap } from './trades/trade-swap';
import { TradesMessageHandler } from './trades/trades.message-handler';
import { TradesService } from './trades/trades.service';
import { TypeCreationItem } from './types/type-creation.item';
import { TypesMessageHandler } from './types/types.message-handler';
import { TypesService } from './types/types.service';

export interface ArtifactsModuleOptions {
  config: ArtifactsConfig;
  logger: Logger;
  connection: NatsConnection;
  /** The partition's own store. */
  dataSource: DataSource;
  /** The partition this module serves, and the fence every write transaction passes first. */
  partition: ServedPartitionContext;
}

/** The purchase machinery: plain classes wired by hand (they know nothing of Nest). */
function sagaProviders(options: ArtifactsModuleOptions): Provider[] {
  const { config, logger } = options;
  return [
    {
      provide: LedgerGateway,
      useFactory: () =>
        new LedgerGateway(
          new CommandClient(options.connection, { timeoutMs: config.ARTIFACTS_LEDGER_TIMEOUT_MS }),
        ),
    },
    { provide: SagaOutcomes, useValue: new SagaOutcomes() },
    {
      provide: SagaRunner,
      useFactory: (
        stores: ArtifactsStores,
        ledger: LedgerGateway,
        events: ArtifactsEventsEmitter,
        moves: EditionMoves,
        swaps: TradeSwap,
        outcomes: SagaOutcomes,
      ) =>
        new SagaRunner(
          stores,
          ledger,
          {
            shop_buy: new ShopPurchaseItem(stores, moves, events),
            listing_buy: new ListingSaleItem(stores, moves, events),
            trade_accept: new TradeAcceptItem(stores, swaps, events),
            type_create: new TypeCreationItem(stores, events, logger),
          },
          new FaultHook(config.ARTIFACTS_FAULT_AFTER),
          logger,
          (outcome) => outcomes.record(outcome),
        ),
      inject: [ArtifactsStores, LedgerGateway, ArtifactsEventsEmitter, EditionMoves, TradeSwap, SagaOutcomes],
    },
    {
      provide: Purchases,
      useFactory: (stores: ArtifactsStores, ledger: LedgerGateway, runner: SagaRunner) =>
        new Purchases(stores, ledger, runner, config.ARTIFACTS_HOLD_TIMEOUT_MS),
      inject: [ArtifactsStores, LedgerGateway, SagaRunner],
    },
    {
      provide: SagaWorker,
      useFactory: (stores: ArtifactsStores, runner: SagaRunner) =>
        new SagaWorker(
          stores,
          runner,
          {
            intervalMs: config.ARTIFACTS_SAGA_INTERVAL_MS,
            graceMs: config.ARTIFACTS_SAGA_GRACE_MS,
            batchMax: config.ARTIFACTS_SAGA_BATCH_MAX,
            attemptsMax: config.ARTIFACTS_SAGA_ATTEMPTS_MAX,
            backoffMs: config.ARTIFACTS_SAGA_BACKOFF_MS,
            backoffMaxMs: config.ARTIFACTS_SAGA_BACKOFF_MAX_MS,
          },
          logger,
        ),
      inject: [ArtifactsStores, SagaRunner],
    },
  ];
}

@Module({})
export class ArtifactsModule {
  static forRoot(options: ArtifactsModuleOptions): DynamicModule {
    const { config, logger } = options;
    return {
      module: ArtifactsModule,
      controllers: [
        SettingsMessageHandler,
        TypesMessageHandler,
        EditionsMessageHandler,
        ShopMessageHandler,
        MarketMessageHandler,
        TradesMessageHandler,
        ProvenanceMessageHandler,
      ],
      providers: [
        { provide: LOGGER, useValue: logger },
        { provide: CONFIG, useValue: config },
        { provide: NATS_CONNECTION, useValue: options.connection },
        { provide: DataSource, useValue: options.dataSource },
        {
          provide: ArtifactsStores,
          useFactory: (dataSource: DataSource) =>
            new ArtifactsStores(rawDatabase(dataSource), options.partition.assertWritable),
          inject: [DataSource],
        },
        {
          provide: ArtifactsEventsEmitter,
          useFactory: (stores: ArtifactsStores) => new ArtifactsEventsEmitter(stores.outbox),
          inject: [ArtifactsStores],
        },
        {
          provide: OutboxRelay,
          useFactory: (stores: ArtifactsStores) => {
            const relay = new OutboxRelay(options.connection, stores.outbox, logger, {
              // A replica that lost the partition marks nothing more: the new owner publishes (JetStream
              // drops the copies of what was already sent by their ids).
              runMarkSent: (mark) => stores.write(mark),
            });
            stores.onCommitted(() => relay.notify());
            return relay;
          },
          inject: [ArtifactsStores],
        },
        {
          provide: EditionMoves,
          useFactory: (stores: ArtifactsStores, events: ArtifactsEventsEmitter) =>
            new EditionMoves(stores, events),
          inject: [ArtifactsStores, ArtifactsEventsEmitter],
        },
        {
          provide: TradeSwap,
          useFactory: (stores: ArtifactsStores, moves: EditionMoves, events: ArtifactsEventsEmitter) =>
            new TradeSwap(stores, moves, events),
          inject: [ArtifactsStores, EditionMoves, ArtifactsEventsEmitter],
        },
        {
          provide: TradeExpiryWorker,
          useFactory: (stores: ArtifactsStores, swaps: TradeSwap) =>
            new TradeExpiryWorker(
              stores,
              swaps,
              logger,
              config.ARTIFACTS_TRADE_EXPIRY_INTERVAL_MS,
              config.ARTIFACTS_TRADE_EXPIRY_BATCH_MAX,
            ),
          inject: [ArtifactsStores, TradeSwap],
        },
        ...sagaProviders(options),
        SettingsService,
        TypesService,
        EditionsService,
        ShopService,
        MarketService,
        TradesService,
        ProvenanceService,
        ArtifactsLifecycle,
      ],
    };
  }
}
