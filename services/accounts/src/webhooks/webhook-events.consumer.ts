import { ACCOUNTS_WEBHOOKS_DURABLE, EVENT_SUBJECTS, partitionDurableName } from '@ticketonomics/contracts';
import { DurableConsumer } from '@ticketonomics/messaging';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { WebhookDeliveries } from './webhook-deliveries.service';

/**
 * Each community partition reads the stream through its own durable (its webhooks are only its own
 * communities'); with one partition it keeps the name the service always had.
 */
export function webhooksDurableOf(partition: { index: number; count: number }): string {
  return partition.count === 1
    ? ACCOUNTS_WEBHOOKS_DURABLE
    : partitionDurableName(ACCOUNTS_WEBHOOKS_DURABLE, partition.index);
}
import type { WebhookDeliveryWorker } from './webhook-delivery.worker';

/**
 * Reads every event of the stream (tk.evt.>) and queues the deliveries its partition's webhooks asked
 * for; the worker is kicked when something was queued. Acked after the queueing transaction commits, so an
 * event is queued once even when JetStream delivers it again.
 */
export class WebhookEventsConsumer {
  private readonly consumer: DurableConsumer;

  constructor(
    nc: NatsConnection,
    deliveries: WebhookDeliveries,
    worker: WebhookDeliveryWorker,
    logger: Logger,
    durable: string,
  ) {
    this.consumer = new DurableConsumer(
      nc,
      (event) => {
        if (deliveries.enqueue(event) > 0) worker.kick();
      },
      logger,
      // A webhook only gets events after it was created, so a first start need not read the whole stream.
      {
        durable,
        filterSubject: EVENT_SUBJECTS,
        deliverFrom: 'new',
        // A volume from before the partitions: each partition's durable goes on where the single one stopped.
        ...(durable === ACCOUNTS_WEBHOOKS_DURABLE ? {} : { takesOverFrom: ACCOUNTS_WEBHOOKS_DURABLE }),
      },
    );
  }

  start(): Promise<void> {
    return this.consumer.start();
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }
}
