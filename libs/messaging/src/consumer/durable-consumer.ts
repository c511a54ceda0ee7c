import {
  CloudEventSchema,
  EVENT_STREAM,
  foreignEventReason,
  isDomainError,
  type CloudEvent,
} from '@ticketonomics/contracts';
import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  type ConsumerMessages,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { decodeText } from '../codec';
import { isJetStreamError, JS_ERROR_CODES } from '../jetstream.errors';
import type { ProcessedEventsStore } from './processed-events.store';

export interface DurableConsumerOptions {
  durable: string;
  filterSubject: string;
  /** A message failing this many times is given up (and logged) instead of blocking the consumer. */
  maxDeliver: number;
  ackWaitMs: number;
  maxAckPending: number;
  /** Messages pulled per request. */
  batchSize: number;
  /**
   * Events being handled at once. 1 handles each after the previous one finished. More suits a handler
   * that hands its event to an ordered queue before its first await (the ledger's commit queue): events
   * still enter the queue in stream order, and many share one commit instead of one fsync each. Each
   * event is acked or retried on its own, as with 1.
   */
  inFlightMax: number;
  /** The first retry of a failed event waits this long, each further one twice as long, up to retryDelayMaxMs. */
  retryDelayMs: number;
  retryDelayMaxMs: number;
  /**
   * Where a new consumer starts: 'all' from the stream's first event (read models and sync), 'new' from
   * events published after it is created (notifications, which must not replay a year of history).
   */
  deliverFrom: 'all' | 'new';
  /**
   * A durable this one takes over from (a service split into partitions, each with its own): when this one
   * is created, it starts right after the last event that one acknowledged, so the events between the two
   * are neither skipped nor read from the start again. Without it, or when it does not exist, deliverFrom
   * applies.
   */
  takesOverFrom?: string;
}

export const DURABLE_CONSUMER_DEFAULTS: Omit<DurableConsumerOptions, 'durable' | 'filterSubject'> = {
  maxDeliver: 10,
  ackWaitMs: 30_000,
  maxAckPending: 1_000,
  batchSize: 100,
  inFlightMax: 1,
  retryDelayMs: 1_000,
  retryDelayMaxMs: 60_000,
  deliverFrom: 'all',
};

/** Apply one event's effect to the service's store; runs inside the transaction that records the event id. */
export type EventApplier = (event: CloudEvent) => void;

/**
 * Handle one event. Resolving acknowledges it; a VALIDATION_FAILED error drops it (it can never succeed);
 * anything else has it delivered again after a back-off. Redelivery must be harmless to the handler:
 * appliedOnce() makes it so for effects that fit in one transaction.
 */
export type EventHandler = (event: CloudEvent) => void | Promise<void>;

/** A handler applying each event at most once, in the transaction that records its id. */
export function appliedOnce(
  store: ProcessedEventsStore,
  consumer: string,
  apply: EventApplier,
): EventHandler {
  return (event) => {
    store.applyOnce(consumer, event.id, () => apply(event));
  };
}

/** How long to wait before the next delivery of an event that failed on its `deliveries`-th delivery. */
export function retryDelayOf(
  deliveries: number,
  options: Pick<DurableConsumerOptions, 'retryDelayMs' | 'retryDelayMaxMs'>,
): number {
  const doublings = Math.min(Math.max(deliveries, 1) - 1, 30);
  return Math.min(options.retryDelayMaxMs, options.retryDelayMs * 2 ** doublings);
}

/**
 * A durable JetStream pull consumer with explicit acks. Events are handled in stream order: one at a time
 * by default, so an asynchronous handler (one that waits for a commit) still sees them in the order
 * written; with inFlightMax above 1 each handler is started in that order, up to that many at once.
 */
export class DurableConsumer {
  private readonly options: DurableConsumerOptions;
  private messages: ConsumerMessages | null = null;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly nc: NatsConnection,
    private readonly handler: EventHandler,
    private readonly logger: Logger,
    options: Pick<DurableConsumerOptions, 'durable' | 'filterSubject'> & Partial<DurableConsumerOptions>,
  ) {
    this.options = { ...DURABLE_CONSUMER_DEFAULTS, ...options };
  }

  async start(): Promise<void> {
    const jsm = await jetstreamManager(this.nc);
    // What may change on an existing consumer; where it starts applies only when it is created.
    const limits = {
      filter_subject: this.options.filterSubject,
      max_deliver: this.options.maxDeliver,
      ack_wait: nanos(this.options.ackWaitMs),
      max_ack_pending: this.options.maxAckPending,
    };
    try {
      await jsm.consumers.update(EVENT_STREAM, this.options.durable, limits);
    } catch (error) {
      if (!isJetStreamError(error, JS_ERROR_CODES.consumerNotFound)) throw error;
      await jsm.consumers.add(EVENT_STREAM, {
        ...limits,
        durable_name: this.options.durable,
        ack_policy: AckPolicy.Explicit,
        ...(await this.firstPosition(jsm)),
      });
    }
    const consumer = await jetstream(this.nc).consumers.get(EVENT_STREAM, this.options.durable);
    this.messages = await consumer.consume({ max_messages: this.options.batchSize });
    const messages = this.messages;
    this.loop = this.handleAll(messages);
  }

  private async firstPosition(
    jsm: JetStreamManager,
  ): Promise<{ deliver_policy: DeliverPolicy; opt_start_seq?: number }> {
    const previous = this.options.takesOverFrom;
    if (previous !== undefined) {
      try {
        const info = await jsm.consumers.info(EVENT_STREAM, previous);
        return { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: info.ack_floor.stream_seq + 1 };
      } catch (error) {
        if (!isJetStreamError(error, JS_ERROR_CODES.consumerNotFound)) throw error;
      }
    }
    return { deliver_policy: this.options.deliverFrom === 'new' ? DeliverPolicy.New : DeliverPolicy.All };
  }

  async stop(): Promise<void> {
    this.messages?.stop();
    await this.loop?.catch(() => undefined);
  }

  private async handleAll(messages: ConsumerMessages): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    for await (const msg of messages) {
      // handle() runs synchronously up to the handler's first await, so handlers start in stream order.
      const handled: Promise<void> = this.handle(msg)
        .catch((error: unknown) => this.logger.error({ err: error, seq: msg.seq }, 'event handling failed'))
        .finally(() => inFlight.delete(handled));
      inFlight.add(handled);
      if (inFlight.size >= this.options.inFlightMax) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  }

  private async handle(msg: JsMsg): Promise<void> {
    let event: CloudEvent;
    try {
      event = CloudEventSchema.parse(JSON.parse(decodeText(msg.data))) as CloudEvent;
    } catch (error) {
      this.logger.error(
        { err: error, subject: msg.subject, seq: msg.seq },
        'event is not a CloudEvent; dropped',
      );
      msg.term();
      return;
    }
    const foreign = foreignEventReason(msg.subject, event);
    if (foreign !== undefined) {
      // Permissions keep others from publishing here; this catches a mistake, loudly.
      this.logger.error(
        { eventId: event.id, subject: msg.subject, reason: foreign },
        'event refused; dropped',
      );
      msg.term();
      return;
    }
    try {
      await this.handler(event);
      msg.ack();
    } catch (error) {
      if (isDomainError(error) && error.code === 'VALIDATION_FAILED') {
        this.logger.error({ err: error, eventId: event.id, type: event.type }, 'event rejected; dropped');
        msg.term();
        return;
      }
      const deliveries = msg.info.deliveryCount;
      const retryInMs = retryDelayOf(deliveries, this.options);
      this.logger.warn({ err: error, eventId: event.id, deliveries, retryInMs }, 'event failed; retrying');
      msg.nak(retryInMs);
    }
  }
}
