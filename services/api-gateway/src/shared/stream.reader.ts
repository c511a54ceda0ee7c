import { EVENT_STREAM, EVENT_SUBJECTS } from '@ticketonomics/contracts';
import { isJetStreamError, JS_ERROR_CODES } from '@ticketonomics/messaging';
import { DeliverPolicy, jetstream, jetstreamManager, type ConsumerMessages } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';

/** One message of the event stream: its subject, body and position. */
export interface StreamMessage {
  subject: string;
  data: Uint8Array;
  seq: number;
}

/** The stream's first and last kept positions (firstSeq > lastSeq when it keeps nothing). */
export interface StreamBounds {
  firstSeq: number;
  lastSeq: number;
}

/** Messages one pull of a replay brings; a replay is bounded by its caller. */
const REPLAY_BATCH_MAX = 256;
/** How long a replay may wait for the server to bring the next message before it gives up. */
const REPLAY_IDLE_TIMEOUT_MS = 5_000;
/**
 * How long a resuming client waits for a gateway that has not begun following the stream (NATS away at
 * its start) before it gets a reset frame instead of its missed events.
 */
export const RESUME_FOLLOW_WAIT_MS = 10_000;
/** Pause before following the stream again when starting failed (no stream yet, NATS away). */
const FOLLOW_RETRY_MS = 1_000;

/**
 * Reads the event stream with ordered JetStream consumers: follow() hears every new
 * message with its position, from the stream's end at start (an ordered consumer recreates itself after a
 * reconnect from the last position it delivered, and a failed one is followed again from there, so nothing
 * is skipped); replay() reads a past range for a client that reconnects. No durable state: a gateway
 * replica holds nothing that matters. Always the whole stream (`tk.evt.>`): a consumer of several
 * subjects needs nats-server 2.10, and callers skip the subjects they do not want before parsing.
 */
export class StreamReader {
  private messages: ConsumerMessages | null = null;
  private stopped = true;
  private retryTimer: NodeJS.Timeout | null = null;
  private lastSeq = 0;
  /** Whether following has begun: before it, the position is unknown (the stream's end is not read yet). */
  private started = false;
  private readonly startWaiters = new Set<() => void>();

  constructor(
    private readonly connection: NatsConnection,
    private readonly logger: Logger,
  ) {}

  /** The position of the last message heard (or of the stream's end when following began). */
  get position(): number {
    return this.lastSeq;
  }

  /** True once following has begun and position says where; until then nothing is heard. */
  get following(): boolean {
    return this.started;
  }

  /**
   * The position following began at (or any later one), once it has begun: a gateway that started while
   * NATS was away knows no position until then, and a client resuming meanwhile must wait for it, or it
   * would miss what happened between its last event and the position following begins at. Null after
   * timeoutMs.
   */
  async positionOnceFollowing(timeoutMs: number): Promise<number | null> {
    if (this.started) return this.lastSeq;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.startWaiters.delete(done);
        resolve(this.started ? this.lastSeq : null);
      };
      const timer = setTimeout(done, timeoutMs);
      this.startWaiters.add(done);
    });
  }

  /** Hear every message from now on; retried in the background while the stream cannot be read. */
  async follow(onMessage: (message: StreamMessage) => void): Promise<void> {
    this.stopped = false;
    try {
      await this.consume(onMessage);
    } catch (error) {
      this.logger.warn({ err: error, retryInMs: FOLLOW_RETRY_MS }, 'event stream not followed yet');
      this.retryLater(onMessage);
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.messages?.stop();
    this.messages = null;
  }

  async bounds(): Promise<StreamBounds> {
    const info = await (await jetstreamManager(this.connection)).streams.info(EVENT_STREAM);
    const empty = info.state.messages === 0;
    return { firstSeq: empty ? info.state.last_seq + 1 : info.state.first_seq, lastSeq: info.state.last_seq };
  }

  /**
   * The messages from fromSeq to toSeq (both included), in order, with a throwaway ordered consumer; ends
   * early when the stream has nothing more (messages removed by its limits are skipped by the server).
   */
  async *replay(fromSeq: number, toSeq: number): AsyncGenerator<StreamMessage> {
    if (fromSeq > toSeq) return;
    const consumer = await jetstream(this.connection).consumers.get(EVENT_STREAM, {
      filter_subjects: EVENT_SUBJECTS,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: fromSeq,
    });
    const messages = await consumer.consume({
      max_messages: Math.min(REPLAY_BATCH_MAX, toSeq - fromSeq + 1),
      idle_heartbeat: REPLAY_IDLE_TIMEOUT_MS / 2,
    });
    let idle = setTimeout(() => messages.stop(), REPLAY_IDLE_TIMEOUT_MS);
    try {
      for await (const message of messages) {
        clearTimeout(idle);
        idle = setTimeout(() => messages.stop(), REPLAY_IDLE_TIMEOUT_MS);
        if (message.seq > toSeq) break;
        yield { subject: message.subject, data: message.data, seq: message.seq };
        if (message.seq >= toSeq || message.info.pending === 0) break;
      }
    } finally {
      clearTimeout(idle);
      messages.stop();
    }
  }

  private async consume(onMessage: (message: StreamMessage) => void): Promise<void> {
    // Following again after a failure: from where it stopped, so that nothing is skipped.
    let startSeq = this.lastSeq + 1;
    if (this.lastSeq === 0) {
      try {
        startSeq = (await this.bounds()).lastSeq + 1;
      } catch (error) {
        // No stream yet: the services create it; everything it will hold is new.
        if (!isJetStreamError(error, JS_ERROR_CODES.streamNotFound)) throw error;
      }
    }
    const consumer = await jetstream(this.connection).consumers.get(EVENT_STREAM, {
      filter_subjects: EVENT_SUBJECTS,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: startSeq,
    });
    if (this.stopped) return;
    this.lastSeq = Math.max(this.lastSeq, startSeq - 1);
    const messages = await consumer.consume({
      callback: (message) => {
        this.lastSeq = Math.max(this.lastSeq, message.seq);
        onMessage({ subject: message.subject, data: message.data, seq: message.seq });
      },
    });
    this.messages = messages;
    if (!this.started) {
      // Waiters read the position now, before any message is heard: whatever follows reaches the
      // listeners they joined before waiting.
      this.started = true;
      for (const wake of [...this.startWaiters]) wake();
    }
    void messages.closed().then((error) => {
      if (error && !this.stopped && this.messages === messages) {
        this.logger.warn({ err: error }, 'event stream consumer ended; following again');
        this.messages = null;
        this.retryLater(onMessage);
      }
    });
  }

  private retryLater(onMessage: (message: StreamMessage) => void): void {
    if (this.stopped || this.retryTimer !== null) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.stopped) return;
      this.consume(onMessage).catch((error: unknown) => {
        this.logger.warn({ err: error, retryInMs: FOLLOW_RETRY_MS }, 'event stream not followed yet');
        this.retryLater(onMessage);
      });
    }, FOLLOW_RETRY_MS);
    this.retryTimer.unref();
  }
}
