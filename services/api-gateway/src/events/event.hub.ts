import { Inject, Injectable } from '@nestjs/common';
import { heardEvent } from '@ticketonomics/messaging';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { LOGGER, NATS_CONNECTION } from '../api-gateway.tokens';
import { StreamReader, type StreamBounds } from '../shared/stream.reader';

export type { StreamBounds } from '../shared/stream.reader';

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
  private readonly reader: StreamReader;
  private readonly listeners = new Map<string, Set<HubListener>>();
  /** The position of the last event dispatched (of any community): live listeners hear what follows it. */
  private position = 0;

  constructor(
    @Inject(NATS_CONNECTION) connection: NatsConnection,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.reader = new StreamReader(connection, logger);
  }

  /** Follow the stream from its current end; retried in the background while it cannot be read. */
  async start(): Promise<void> {
    await this.reader.follow((message) => this.dispatch(message.subject, message.data, message.seq));
    this.position = Math.max(this.position, this.reader.position);
  }

  stop(): void {
    this.reader.stop();
  }

  /** The position live listeners hear events after: what a resuming client must be replayed up to. */
  get lastSeq(): number {
    return Math.max(this.position, this.reader.position);
  }

  /** The position following began at, once it has (see StreamReader.positionOnceFollowing). */
  async positionOnceFollowing(timeoutMs: number): Promise<number | null> {
    const position = await this.reader.positionOnceFollowing(timeoutMs);
    return position === null ? null : Math.max(this.position, position);
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

  bounds(): Promise<StreamBounds> {
    return this.reader.bounds();
  }

  /** One community's events of the stream from fromSeq to toSeq (both included), in order. */
  async *replay(communityId: string, fromSeq: number, toSeq: number): AsyncGenerator<HubEvent> {
    for await (const message of this.reader.replay(fromSeq, toSeq)) {
      const event = this.parse(message.subject, message.data, message.seq);
      if (event !== null && event.communityId === communityId) yield event;
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
}
