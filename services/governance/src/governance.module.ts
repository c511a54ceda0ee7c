import { Module, type DynamicModule } from '@nestjs/common';
import { CommandClient, OutboxRelay } from '@ticketonomics/messaging';
import { rawDatabase } from '@ticketonomics/persistence';
import type { ServedPartitionContext } from '@ticketonomics/runtime';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ApplyWorker } from './apply/apply.worker';
import { OwnersGateway } from './apply/owners.gateway';
import type { GovernanceConfig } from './config/governance.config';
import { OwnerEventsConsumers } from './eligibility/owner-events.consumer';
import { GovernanceEventsEmitter } from './events/governance-events.emitter';
import { GovernanceLifecycle } from './governance.lifecycle';
import { CLOCK, CONFIG, LOGGER, NATS_CONNECTION, type Clock } from './governance.tokens';
import { HistoryMessageHandler } from './history/history.message-handler';
import { HistoryRecorder } from './history/history.recorder';
import { HistoryService } from './history/history.service';
import { PoolsLedgerGateway } from './pools/pools-ledger.gateway';
import { PoolsCloser, type PoolFaultPoint } from './pools/pools.closer';
import { PoolsMessageHandler } from './pools/pools.message-handler';
import { PoolsService } from './pools/pools.service';
import { PoolsWorker } from './pools/pools.worker';
import { ProposalsMessageHandler } from './proposals/proposals.message-handler';
import { ProposalsService } from './proposals/proposals.service';
import { SettingsMessageHandler } from './settings/settings.message-handler';
import { SettingsService } from './settings/settings.service';
import { GovernanceStores } from './store/governance.stores';
import { VotesService } from './votes/votes.service';

export interface GovernanceModuleOptions {
  config: GovernanceConfig;
  logger: Logger;
  connection: NatsConnection;
  /** The partition's own store. */
  dataSource: DataSource;
  /** The partition this module serves, and the fence every write transaction passes first. */
  partition: ServedPartitionContext;
}

@Module({})
export class GovernanceModule {
  static forRoot(options: GovernanceModuleOptions): DynamicModule {
    const { config, logger } = options;
    const clock: Clock = () => Date.now();
    return {
      module: GovernanceModule,
      controllers: [
        SettingsMessageHandler,
        ProposalsMessageHandler,
        HistoryMessageHandler,
        PoolsMessageHandler,
      ],
      providers: [
        { provide: LOGGER, useValue: logger },
        { provide: CONFIG, useValue: config },
        { provide: CLOCK, useValue: clock },
        { provide: NATS_CONNECTION, useValue: options.connection },
        { provide: DataSource, useValue: options.dataSource },
        {
          provide: GovernanceStores,
          useFactory: (dataSource: DataSource) =>
            new GovernanceStores(rawDatabase(dataSource), options.partition.assertWritable),
          inject: [DataSource],
        },
        {
          provide: GovernanceEventsEmitter,
          useFactory: (stores: GovernanceStores) => new GovernanceEventsEmitter(stores.outbox),
          inject: [GovernanceStores],
        },
        {
          provide: OutboxRelay,
          useFactory: (stores: GovernanceStores) => {
            const relay = new OutboxRelay(options.connection, stores.outbox, logger, {
              runMarkSent: (mark) => stores.write(mark),
            });
            stores.onCommitted(() => relay.notify());
            return relay;
          },
          inject: [GovernanceStores],
        },
        {
          provide: OwnersGateway,
          useValue: new OwnersGateway(
            new CommandClient(options.connection, { timeoutMs: config.GOVERNANCE_OWNER_CALL_TIMEOUT_MS }),
          ),
        },
        {
          provide: HistoryRecorder,
          useFactory: (stores: GovernanceStores, events: GovernanceEventsEmitter) =>
            new HistoryRecorder(stores, events),
          inject: [GovernanceStores, GovernanceEventsEmitter],
        },
        {
          provide: OwnerEventsConsumers,
          useFactory: (stores: GovernanceStores, recorder: HistoryRecorder) =>
            new OwnerEventsConsumers(options.connection, stores, recorder, options.partition, logger, {
              ackWaitMs: config.GOVERNANCE_EVENTS_ACK_WAIT_MS,
            }),
          inject: [GovernanceStores, HistoryRecorder],
        },
        {
          provide: ApplyWorker,
          useFactory: (stores: GovernanceStores, owners: OwnersGateway, events: GovernanceEventsEmitter) =>
            new ApplyWorker(
              stores,
              owners,
              events,
              clock,
              {
                intervalMs: config.GOVERNANCE_TICK_INTERVAL_MS,
                batchMax: config.GOVERNANCE_TICK_BATCH_MAX,
                applyWindowMs: config.GOVERNANCE_APPLY_WINDOW_MS,
                // TEST HOOK (GOVERNANCE_FAULT_AFTER=apply): dies as a crash would, between the owner's
                // change and its record, so the restart test reaches exactly that point.
                afterOwnerChange:
                  config.GOVERNANCE_FAULT_AFTER === 'apply'
                    ? () => process.kill(process.pid, 'SIGKILL')
                    : undefined,
              },
              logger,
            ),
          inject: [GovernanceStores, OwnersGateway, GovernanceEventsEmitter],
        },
        {
          provide: PoolsCloser,
          useFactory: (stores: GovernanceStores, events: GovernanceEventsEmitter) =>
            new PoolsCloser(
              stores,
              new PoolsLedgerGateway(
                new CommandClient(options.connection, { timeoutMs: config.GOVERNANCE_OWNER_CALL_TIMEOUT_MS }),
              ),
              events,
              clock,
              logger,
              // TEST HOOK (GOVERNANCE_FAULT_AFTER=pool-*): dies as a crash would, between a ledger call
              // and its record, so the restart tests reach exactly that point.
              (point: PoolFaultPoint) => {
                if (config.GOVERNANCE_FAULT_AFTER === point) process.kill(process.pid, 'SIGKILL');
              },
            ),
          inject: [GovernanceStores, GovernanceEventsEmitter],
        },
        {
          provide: PoolsWorker,
          useFactory: (stores: GovernanceStores, closer: PoolsCloser) =>
            new PoolsWorker(
              stores,
              closer,
              clock,
              {
                intervalMs: config.GOVERNANCE_TICK_INTERVAL_MS,
                batchMax: config.GOVERNANCE_TICK_BATCH_MAX,
                // A call being made now takes at most the call timeout; one older was left behind.
                holdingGraceMs: 2 * config.GOVERNANCE_OWNER_CALL_TIMEOUT_MS,
              },
              logger,
            ),
          inject: [GovernanceStores, PoolsCloser],
        },
        PoolsService,
        SettingsService,
        ProposalsService,
        VotesService,
        HistoryService,
        GovernanceLifecycle,
      ],
    };
  }
}
