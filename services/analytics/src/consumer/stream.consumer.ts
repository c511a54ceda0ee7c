import { EVENT_STREAM, EVENT_SUBJECTS } from '@ticketonomics/contracts';
import { decodeText } from '@ticketonomics/messaging';
import {
  type ConsumerMessages,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { BatchOutcome, EventProjector, StreamMessage } from './event.projector';
import type { PositionStore } from './position.store';

export interface StreamConsumerOptions {
  /** Messages applied per transaction at most; also how many the consumer asks the server for at once. */
  batchMax: number;
  /** Wait before consuming again after a batch failed to apply. */
  retryMs: number;
}

/** Longest a part-filled batch waits for more messages while the server says more are pending. */
const BATCH_FILL_WAIT_MS = 50;

export interface StreamBounds {
  firstSeq: number;
  lastSeq: number;
}

export interface ConsumerCounters {
  batches: number;
  applied: number;
  malformed: number;
  redelivered: number;
  failures: number;
}

/**
 * Follows the whole stream with an ordered consumer of this replica's own (no shared durable): it starts
 * at the stored position + 1 and the server delivers in stream order, recreating the consumer by itself
 * after a gap or a reconnect. No acks are needed: the position lives in SQLite with the models, so a
 * message delivered again is at or below it and skipped.
 *
 * Messages are buffered as they arrive and applied a bounded batch per transaction. At the stream's end
 * (the server says nothing more is pending) they are applied on the next turn of the event loop, so a
 * live event waits for nothing. While catching up, more messages are on their way: the batch fills to
 * batchMax first (or waits BATCH_FILL_WAIT_MS at most), since each transaction costs about the same
 * whatever its size, and a socket read brings only a few dozen messages.
 */
export class StreamConsumer {
  readonly counters: ConsumerCounters = { batches: 0, applied: 0, malformed: 0, redelivered: 0, failures: 0 };
  private messages: ConsumerMessages | null = null;
  private buffer: StreamMessage[] = [];
  private flushScheduled = false;
  /** Bumped on every stop, so messages of a stopped consumer are never applied. */
  private generation = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private fillTimer: NodeJS.Timeout | null = null;
  /** The server had more messages for this consumer after the last one received. */
  private morePending = false;
  private fillWaitOver = false;
  private stopped = true;

  constructor(
    private readonly nc: NatsConnection,
    private readonly projector: EventProjector,
    private readonly position: PositionStore,
    private readonly logger: Logger,
    private readonly options: StreamConsumerOptions,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    const generation = this.generation;
    const fromSeq = this.position.get().appliedSeq + 1;
    const consumer = await jetstream(this.nc).consumers.get(EVENT_STREAM, {
      filter_subjects: EVENT_SUBJECTS,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: fromSeq,
    });
    if (generation !== this.generation) return;
    this.messages = await consumer.consume({
      max_messages: this.options.batchMax,
      callback: (msg) => this.receive(msg, generation),
    });
    this.logger.info({ fromSeq }, 'following the event stream');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.generation += 1;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.clearFillTimer();
    const messages = this.messages;
    this.messages = null;
    this.buffer = [];
    if (messages !== null) {
      messages.stop();
      await messages.closed().catch(() => undefined);
    }
  }

  async streamBounds(): Promise<StreamBounds> {
    const info = await (await jetstreamManager(this.nc)).streams.info(EVENT_STREAM);
    const empty = info.state.messages === 0;
    return { firstSeq: empty ? info.state.last_seq + 1 : info.state.first_seq, lastSeq: info.state.last_seq };
  }

  private receive(msg: JsMsg, generation: number): void {
    if (generation !== this.generation) return;
    this.buffer.push({ seq: msg.seq, subject: msg.subject, body: decodeText(msg.data) });
    this.morePending = msg.info.pending > 0;
    if (this.buffer.length >= this.options.batchMax || !this.morePending) this.scheduleFlush(generation);
    else this.waitForMore(generation);
  }

  /** A part-filled batch is applied after BATCH_FILL_WAIT_MS even if no more messages came. */
  private waitForMore(generation: number): void {
    this.fillTimer ??= setTimeout(() => {
      this.fillTimer = null;
      this.fillWaitOver = true;
      this.scheduleFlush(generation);
    }, BATCH_FILL_WAIT_MS);
    this.fillTimer.unref();
  }

  private scheduleFlush(generation: number): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush(generation);
    });
  }

  private clearFillTimer(): void {
    if (this.fillTimer !== null) clearTimeout(this.fillTimer);
    this.fillTimer = null;
  }

  /** Applies full batches, and what is left once the stream's end is reached or the fill wait is over. */
  private flush(generation: number): void {
    const all = !this.morePending || this.fillWaitOver;
    this.fillWaitOver = false;
    this.clearFillTimer();
    while (generation === this.generation && this.buffer.length > 0) {
      if (!all && this.buffer.length < this.options.batchMax) {
        this.waitForMore(generation);
        return;
      }
      const batch = this.buffer.splice(0, this.options.batchMax);
      let outcome: BatchOutcome;
      try {
        outcome = this.projector.applyBatch(batch);
      } catch (error) {
        this.counters.failures += 1;
        this.logger.error(
          { err: error, fromSeq: batch[0].seq, retryInMs: this.options.retryMs },
          'applying events failed; consuming again from the stored position',
        );
        void this.restartLater();
        return;
      }
      this.counters.batches += 1;
      this.counters.applied += outcome.applied;
      this.counters.malformed += outcome.malformed;
      this.counters.redelivered += outcome.redelivered;
    }
  }

  /** The failed batch rolled back, so the stored position is right: start over from it after a pause. */
  private async restartLater(): Promise<void> {
    await this.stop();
    this.stopped = false;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.stopped) return;
      this.start().catch((error: unknown) => {
        this.logger.error({ err: error }, 'cannot follow the event stream; retrying');
        void this.restartLater();
      });
    }, this.options.retryMs);
  }
}
