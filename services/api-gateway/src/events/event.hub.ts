import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STREAM, EVENT_SUBJECTS } from '@ticketonomics/contracts';
import { heardEvent, isJetStreamError, JS_ERROR_CODES } from '@ticketonomics/messaging';
import { DeliverPolicy, jetstream, jetstreamManager, type ConsumerMessages } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { LOGGER, NATS_CONNECTION } from '../api-gateway.tokens';

/**
 * One event as the hub hands it on: its type, community and stream position, and the CloudEvent JSON as
 * published with the extension attribute `streamseq` (its JetStream sequence) added, so that a client
 * can resume after it.
 */
export interface HubEvent {
  type: string;
  communityId: string;
  seq: number;
  json: string;
}

export type HubListener = (event: HubEvent) => void;

/** The stream's first and last kept positions (firstSeq > lastSeq when it keeps nothing). */
export interface StreamBounds {
  firstSeq: number;
  lastSeq: number;
}

/** Messages one pull of a replay brings; a replay is bounded by its caller (WS_RESUME_EVENTS_MAX). */
const REPLAY_BATCH_MAX = 256;
/** How long a replay may wait for the server to bring the next message before it gives up. */
const REPLAY_IDLE_TIMEOUT_MS = 5_000;
/** Pause before following the stream again when starting failed (no stream yet, NATS away). */
const FOLLOW_RETRY_MS = 1_000;

/**
 * Every event of the system, fanned out by community. One ordered JetStream consumer on `tk.evt.>` per
 * process (not one per client), from the stream's end at start: each event is parsed once to read its
 * `communityid` and `type`, then handed to that community's listeners with its stream sequence. JetStream
 * rather than core NATS so that every event carries its position: a client that reconnects names the last
 * one it saw and replay() reads what it missed from the stream; the ordered consumer recreates itself
 * after a reconnect from the last sequence it delivered, so the live side has no gap either.
 */
@Injectable()
export class EventHub {
  private messages: ConsumerMessages | null = null;
  private readonly listeners = new Map<string, Set<HubListener>>();
  private stopped = true;
  private retryTimer: NodeJS.Timeout | null = null;
  /** The position of the last event dispatched (of any community): live listeners hear what follows it. */
  private position = 0;

  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Follow the stream from its current end; retried in the background while it cannot be read. */
  async start(): Promise<void> {
    this.stopped = false;
    try {
      await this.follow();
    } catch (error) {
      this.logger.warn({ err: error, retryInMs: FOLLOW_RETRY_MS }, 'event stream not followed yet');
      this.retryLater();
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.messages?.stop();
    this.messages = null;
  }

  /** The position live listeners hear events after: what a resuming client must be replayed up to. */
  get lastSeq(): number {
    return this.position;
  }

  /** Hear every event of one community from now on; call the returned function to stop. */
  subscribe(communityId: string, listener: HubListener): () => void {
    let set = this.listeners.get(communityId);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(communityId, set);
    }
    set.add(listener);
    return () => {
      const current = this.listeners.get(communityId);
      if (current === undefined) return;
      current.delete(listener);
      if (current.size === 0) this.listeners.delete(communityId);
    };
  }

  get listenerCount(): number {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }

  async bounds(): Promise<StreamBounds> {
    const info = await (await jetstreamManager(this.connection)).streams.info(EVENT_STREAM);
    const empty = info.state.messages === 0;
    return { firstSeq: empty ? info.state.last_seq + 1 : info.state.first_seq, lastSeq: info.state.last_seq };
  }

  /**
   * One community's events of the stream from fromSeq to toSeq (both included), in order, with a
   * throwaway ordered consumer. Ends early when the stream has nothing more (events removed by its
   * limits are skipped by the server).
   */
  async *replay(communityId: string, fromSeq: number, toSeq: number): AsyncGenerator<HubEvent> {
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
    let idle: NodeJS.Timeout = setTimeout(() => messages.stop(), REPLAY_IDLE_TIMEOUT_MS);
    try {
      for await (const message of messages) {
        clearTimeout(idle);
        idle = setTimeout(() => messages.stop(), REPLAY_IDLE_TIMEOUT_MS);
        if (message.seq > toSeq) break;
        const event = this.parse(message.subject, message.data, message.seq);
        if (event !== null && event.communityId === communityId) yield event;
        if (message.seq >= toSeq || message.info.pending === 0) break;
      }
    } finally {
      clearTimeout(idle);
      messages.stop();
    }
  }

  /**
   * Hand one event read from the stream to its community's listeners; a malformed one, or one not from
   * the service that owns its subject, is logged and skipped.
   */
  dispatch(subject: string, data: Uint8Array, seq: number): void {
    this.position = Math.max(this.position, seq);
    if (this.listeners.size === 0) return;
    const event = this.parse(subject, data, seq);
    if (event === null) return;
    const set = this.listeners.get(event.communityId);
    if (set === undefined) return;
    for (const listener of set) {
      try {
        listener(event);
      } catch (error) {
        this.logger.warn({ err: error }, 'event listener failed');
      }
    }
  }

  private parse(subject: string, data: Uint8Array, seq: number): HubEvent | null {
    const heard = heardEvent(subject, data, this.logger);
    if (heard === null) return null;
    const { event, json } = heard;
    if (typeof event.communityid !== 'string' || !json.startsWith('{')) return null;
    return {
      type: event.type,
      communityId: event.communityid,
      seq,
      json: `{"streamseq":${seq},${json.slice(1)}`,
    };
  }

  private async follow(): Promise<void> {
    // Following again after a failure: from where it stopped, so that live listeners miss nothing.
    let startSeq = this.position + 1;
    if (this.position === 0) {
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
    this.position = Math.max(this.position, startSeq - 1);
    this.messages = await consumer.consume({
      callback: (message) => this.dispatch(message.subject, message.data, message.seq),
    });
    void this.messages.closed().then((error) => {
      if (error && !this.stopped) {
        this.logger.warn({ err: error }, 'event stream consumer ended; following again');
        this.messages = null;
        this.retryLater();
      }
    });
  }

  private retryLater(): void {
    if (this.stopped || this.retryTimer !== null) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.stopped) return;
      this.follow().catch((error: unknown) => {
        this.logger.warn({ err: error, retryInMs: FOLLOW_RETRY_MS }, 'event stream not followed yet');
        this.retryLater();
      });
    }, FOLLOW_RETRY_MS);
    this.retryTimer.unref();
  }
}
