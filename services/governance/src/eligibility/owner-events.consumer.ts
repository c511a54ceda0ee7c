import { GOVERNANCE_ACCOUNTS_DURABLE, GOVERNANCE_LEDGER_DURABLE } from '@ticketonomics/contracts';
import { DurableConsumer } from '@ticketonomics/messaging';
import { partitionOf } from '@ticketonomics/partitions';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { HistoryRecorder } from '../history/history.recorder';
import type { GovernanceStores } from '../store/governance.stores';
import { applyOwnerEvent } from './owner-events.applier';

/** A partition's durable: the base name with one partition, else `<base>-p003`, moving with the partition. */
export function ownerDurableOf(base: string, partition: { label: string; count: number }): string {
  return partition.count === 1 ? base : `${base}-${partition.label}`;
}

/**
 * Follows accounts (members, rewards, reward settings) and the ledger (its policy) with one durable
 * consumer each. Each partition reads every such event and keeps those of its own communities; the event
 * id is recorded in the transaction of its effect, so a redelivery changes nothing.
 */
export class OwnerEventsConsumers {
  private readonly consumers: DurableConsumer[];

  constructor(
    nc: NatsConnection,
    stores: GovernanceStores,
    recorder: HistoryRecorder,
    partition: { label: string; count: number; index: number },
    logger: Logger,
    limits: { ackWaitMs: number },
  ) {
    const isOurs = (communityId: string) => partitionOf(communityId, partition.count) === partition.index;
    const follow = (base: string, filterSubject: string) => {
      const durable = ownerDurableOf(base, partition);
      return new DurableConsumer(
        nc,
        (event) => {
          stores.write(() =>
            stores.processed.applyOnce(durable, event.id, () =>
              applyOwnerEvent(event, stores, recorder, isOurs),
            ),
          );
        },
        logger,
        { durable, filterSubject, ackWaitMs: limits.ackWaitMs },
      );
    };
    this.consumers = [
      follow(GOVERNANCE_ACCOUNTS_DURABLE, 'tk.evt.accounts.>'),
      follow(GOVERNANCE_LEDGER_DURABLE, 'tk.evt.ledger.policy.updated'),
    ];
  }

  async start(): Promise<void> {
    await Promise.all(this.consumers.map((consumer) => consumer.start()));
  }

  async stop(): Promise<void> {
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
  }
}
