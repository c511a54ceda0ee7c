import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { heardEvent, type ConnectionSlot, type SharedConnectionCounter } from '@ticketonomics/messaging';
import type { NatsConnection } from '@nats-io/transport-node';
import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { RESUME_FOLLOW_WAIT_MS, StreamReader, type StreamMessage } from '../shared/stream.reader';
import type { DashboardLimits } from './dashboard.limits';
import {
  DASHBOARD_FEED_COUNTER,
  DASHBOARD_LIMITS,
  DASHBOARD_LOGGER,
  DASHBOARD_NATS,
} from './dashboard.tokens';
import { DashboardVisibility } from './dashboard-visibility.service';
import { FeedClients } from './feed-clients.registry';
import { MemberLabels } from './member-labels.service';
import { PUBLIC_FEED_SUBJECTS, publicFeedItem, type PublicFeedItem } from './public-event.mapper';

interface FeedClient {
  communityId: string;
  /** The client's address as limits count it (an IPv6 /64 is one). */
  addressKey: string;
  response: ServerResponse;
  /** Its place under the address's cap, counted by every replica; given back when the feed ends. */
  slot: ConnectionSlot;
  /** The stream position of the last event sent: nothing at or before it is sent again. */
  lastSeq: number;
  /** Live frames held while the missed events are replayed; null once live. */
  pending: { seq: number; frame: string }[] | null;
  /** Frames sent but not written yet: written together at the end of the hold (feedHoldMs). */
  held: string[];
  heldBytes: number;
}

/** Tells EventSource how soon to reconnect after the connection drops. */
const RECONNECT_HINT_MS = 3_000;
/**
 * How far back (stream positions, of every community) a reconnecting page may resume; further back it
 * gets a reset event (the page reloads its lists on every connect anyway).
 */
export const FEED_RESUME_EVENTS_MAX = 10_000;
const FEED_SUBJECTS: ReadonlySet<string> = new Set(PUBLIC_FEED_SUBJECTS);

/** 'gone': the client left while its slot was taken; nothing to answer. */
export type AttachResult = 'attached' | 'gone' | 'too-many' | 'too-many-from-ip';

/**
 * The public live feed: Server-Sent Events per community, fed by one ordered JetStream consumer of the
 * event stream for the whole process (its public event types kept). SSE rather than the gateway's
 * WebSocket: the feed only flows one way, the browser reconnects by itself, and it needs no key. Only
 * public fields are sent (see public-event.mapper.ts), with member labels added. Each event's SSE `id` is
 * its stream position: a browser reconnecting sends it back as Last-Event-ID and first gets what it
 * missed, replayed from the stream, then the live events, each once (a position too far back gets a
 * `reset` event instead).
 *
 * Frames are not written one by one: each feed's frames are held up to feedHoldMs (one timer for every
 * feed) and written as one chunk, each still its own SSE frame. Under load that is a few socket writes a
 * second per feed instead of one per event, and the event loop stays free for the public reads.
 */
@Injectable()
export class PublicFeed implements OnModuleInit, OnModuleDestroy {
  private readonly clients = new FeedClients<FeedClient>();
  private readonly reader: StreamReader;
  private queue: Promise<void> = Promise.resolve();
  private queued = 0;
  private heartbeat: NodeJS.Timeout | undefined;
  /** Feeds with held frames, and the timer that writes them all. */
  private readonly holding = new Set<FeedClient>();
  private holdTimer: NodeJS.Timeout | undefined;
  /** The next slice of a hold's writes, when one turn did not write them all. */
  private flushNext: NodeJS.Immediate | undefined;

  constructor(
    @Inject(DASHBOARD_NATS) connection: NatsConnection,
    @Inject(DASHBOARD_LIMITS) private readonly limits: DashboardLimits,
    @Inject(DASHBOARD_LOGGER) private readonly logger: Logger,
    private readonly labels: MemberLabels,
    private readonly visibility: DashboardVisibility,
    @Inject(DASHBOARD_FEED_COUNTER) private readonly perAddress: SharedConnectionCounter,
  ) {
    this.reader = new StreamReader(connection, logger);
  }

  async onModuleInit(): Promise<void> {
    this.perAddress.start();
    this.visibility.onClosed((communityId) => this.closeCommunity(communityId));
    await this.reader.follow((message) => this.receive(message));
    this.heartbeat = setInterval(() => this.broadcastComment('ping'), this.limits.feedHeartbeatMs);
    this.heartbeat.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.heartbeat);
    clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    clearImmediate(this.flushNext);
    this.flushNext = undefined;
    this.perAddress.stop();
    this.reader.stop();
    // Open event streams would keep the HTTP server from closing; what they held is written first.
    for (const client of this.clients) {
      client.slot.release();
      client.response.end(this.takeHeld(client));
    }
    this.clients.clear();
    this.holding.clear();
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /**
   * A live feed for the client, within the process's cap (feedClientsMax: this replica's memory) and the
   * address's (feedClientsPerIpMax, counted over every replica).
   */
  async attach(
    communityId: string,
    addressKey: string,
    response: ServerResponse,
    afterSeq: number | null = null,
  ): Promise<AttachResult> {
    if (this.clients.size >= this.limits.feedClientsMax) return 'too-many';
    const slot = await this.perAddress.acquire(addressKey, this.limits.feedClientsPerIpMax);
    if (slot === null) return 'too-many-from-ip';
    if (response.destroyed || response.socket === null || response.socket.destroyed) {
      slot.release();
      return 'gone';
    }
    // Checked again: other feeds may have attached while the slot was taken.
    if (this.clients.size >= this.limits.feedClientsMax) {
      slot.release();
      return 'too-many';
    }
    const client: FeedClient = {
      communityId,
      addressKey,
      response,
      slot,
      lastSeq: afterSeq ?? 0,
      pending: afterSeq === null ? null : [],
      held: [],
      heldBytes: 0,
    };
    this.clients.add(client);
    // Read together with joining the clients: every event after this position reaches it live.
    const liveFromSeq = this.reader.position;
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // Proxies such as nginx would otherwise hold events back in their buffers.
      'X-Accel-Buffering': 'no',
    });
    response.write(
      `retry: ${RECONNECT_HINT_MS}\n` +
        `event: hello\ndata: ${JSON.stringify({ communityId, at: new Date().toISOString() })}\n\n`,
    );
    const detach = () => {
      this.clients.delete(client);
      this.takeHeld(client);
      slot.release();
    };
    response.once('close', detach);
    response.once('error', detach);
    if (afterSeq !== null) {
      this.resume(client, afterSeq, liveFromSeq).catch((error: unknown) => {
        this.logger.warn({ err: error }, 'dashboard feed resume failed');
        this.reset(client, liveFromSeq, 'replay_failed');
      });
    }
    return 'attached';
  }

  /** The events the client missed, (afterSeq, liveFromSeq] from the stream, then the live ones held. */
  private async resume(client: FeedClient, afterSeq: number, liveFromSeq: number): Promise<void> {
    if (liveFromSeq === 0) {
      // Not following the stream yet (NATS away when this gateway started): the missed events run up to
      // the position following begins at.
      const position = await this.reader.positionOnceFollowing(RESUME_FOLLOW_WAIT_MS);
      if (position === null) return this.reset(client, 0, 'not_following');
      liveFromSeq = position;
    }
    if (afterSeq < liveFromSeq) {
      const bounds = await this.reader.bounds();
      if (afterSeq > bounds.lastSeq) return this.reset(client, liveFromSeq, 'unknown_position');
      if (afterSeq + 1 < bounds.firstSeq) return this.reset(client, liveFromSeq, 'too_old');
      if (liveFromSeq - afterSeq > FEED_RESUME_EVENTS_MAX) return this.reset(client, liveFromSeq, 'too_far');
      for await (const message of this.reader.replay(afterSeq + 1, liveFromSeq)) {
        if (!this.clients.has(client)) return;
        const mapped = this.mapped(message);
        if (mapped === null || mapped.communityId !== client.communityId) continue;
        this.sendOnce(client, message.seq, await this.frameOf(mapped.communityId, mapped.item, message.seq));
      }
    }
    this.goLive(client);
  }

  private reset(client: FeedClient, liveFromSeq: number, reason: string): void {
    if (client.pending === null) return;
    const data = JSON.stringify({ code: 'RESUME_UNAVAILABLE', reason, streamseq: liveFromSeq });
    client.lastSeq = Math.max(client.lastSeq, liveFromSeq);
    this.send(client, `id: ${liveFromSeq}\nevent: reset\ndata: ${data}\n\n`);
    this.goLive(client);
  }

  private goLive(client: FeedClient): void {
    const held = client.pending ?? [];
    client.pending = null;
    for (const { seq, frame } of held) this.write(client, seq, frame);
  }

  /** The dashboard went private: its feeds end, and the browsers' reconnects get the 404. */
  private closeCommunity(communityId: string): void {
    for (const client of this.clients.ofCommunity(communityId)) {
      this.clients.delete(client);
      client.slot.release();
      client.response.end(
        `${this.takeHeld(client)}event: closed\ndata: {"reason":"the dashboard is no longer public"}\n\n`,
      );
    }
  }

  private mapped(message: StreamMessage): ReturnType<typeof publicFeedItem> {
    if (!FEED_SUBJECTS.has(message.subject)) return null;
    const heard = heardEvent(message.subject, message.data, this.logger);
    return heard === null ? null : publicFeedItem(heard.event);
  }

  private receive(message: StreamMessage): void {
    if (this.clients.size === 0) return;
    const mapped = this.mapped(message);
    if (mapped === null || !this.hasClients(mapped.communityId)) return;
    if (this.queued >= this.limits.feedQueueMax) return;
    // One at a time, so events keep their order while their labels are looked up.
    this.queued += 1;
    this.queue = this.queue
      .then(() => this.deliver(mapped.communityId, mapped.item, message.seq))
      .catch((error: unknown) => this.logger.warn({ err: error }, 'dashboard feed event dropped'))
      .finally(() => (this.queued -= 1));
  }

  private hasClients(communityId: string): boolean {
    return this.clients.hasCommunity(communityId);
  }

  private async deliver(communityId: string, item: PublicFeedItem, seq: number): Promise<void> {
    const frame = await this.frameOf(communityId, item, seq);
    for (const client of this.clients.ofCommunity(communityId)) this.write(client, seq, frame);
  }

  /** Send an event's frame once, in position order; held while the client's missed events are replayed. */
  private write(client: FeedClient, seq: number, frame: string): void {
    if (client.pending !== null) {
      if (client.pending.length >= this.limits.feedQueueMax) {
        // Too much happened while resuming: its browser reconnects and resumes again.
        this.drop(client);
        return;
      }
      client.pending.push({ seq, frame });
      return;
    }
    this.sendOnce(client, seq, frame);
  }

  private sendOnce(client: FeedClient, seq: number, frame: string): void {
    if (seq <= client.lastSeq) return;
    client.lastSeq = seq;
    this.send(client, frame);
  }

  private async frameOf(communityId: string, item: PublicFeedItem, seq: number): Promise<string> {
    let event: string;
    let payload: unknown;
    if (item.type === 'transfer') {
      const [from, to] = await Promise.all([
        this.labels.party(item.fromAccountId),
        this.labels.party(item.toAccountId),
      ]);
      event = 'transfer';
      payload = {
        id: item.id,
        seq: item.seq,
        code: item.code,
        amount: item.amount,
        from,
        to,
        at: item.at,
        purchase: item.purchase,
      };
    } else {
      const [buyer, seller, typeLabel] = await Promise.all([
        this.labels.memberLabel(item.buyerId),
        item.sellerId === null ? Promise.resolve(null) : this.labels.memberLabel(item.sellerId),
        item.typeId === null ? Promise.resolve(null) : this.labels.typeLabel(communityId, item.typeId),
      ]);
      event = 'sale';
      payload = {
        ...item,
        buyer: { memberId: item.buyerId, label: buyer },
        seller: item.sellerId === null ? null : { memberId: item.sellerId, label: seller },
        typeLabel,
      };
    }
    return `id: ${seq}\nevent: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
  }

  private broadcastComment(text: string): void {
    for (const client of this.clients) this.send(client, `: ${text}\n\n`);
  }

  /** Holds a frame for the feed's next write: at the end of the hold, or now when the feed holds enough. */
  private send(client: FeedClient, frame: string): void {
    if (client.response.writableLength + client.heldBytes > this.limits.feedBufferedBytesMax) {
      // A client that stopped reading: drop it rather than buffer for it; its browser reconnects.
      this.drop(client);
      return;
    }
    client.held.push(frame);
    client.heldBytes += Buffer.byteLength(frame);
    if (
      client.held.length >= this.limits.feedHoldFramesMax ||
      client.heldBytes >= this.limits.feedHoldBytesMax
    ) {
      this.flush(client);
      return;
    }
    this.holding.add(client);
    if (this.holdTimer === undefined) {
      this.holdTimer = setTimeout(() => this.flushHolding(), this.limits.feedHoldMs);
      this.holdTimer.unref();
    }
  }

  /** The end of a hold: every feed writes what it held, one chunk each, a slice of feeds per turn. */
  private flushHolding(): void {
    this.holdTimer = undefined;
    this.flushSlice();
  }

  private flushSlice(): void {
    clearImmediate(this.flushNext);
    this.flushNext = undefined;
    let written = 0;
    // flush() takes each feed out of `holding` as it goes.
    for (const client of this.holding) {
      if (written === this.limits.feedFlushSliceMax) {
        this.flushNext = setImmediate(() => this.flushSlice());
        return;
      }
      this.flush(client);
      written += 1;
    }
  }

  private flush(client: FeedClient): void {
    const chunk = this.takeHeld(client);
    if (chunk !== '' && !client.response.destroyed) client.response.write(chunk);
  }

  /** The feed's held frames as one chunk ('' when none), no longer held. */
  private takeHeld(client: FeedClient): string {
    this.holding.delete(client);
    if (client.held.length === 0) return '';
    const chunk = client.held.length === 1 ? client.held[0]! : client.held.join('');
    client.held = [];
    client.heldBytes = 0;
    return chunk;
  }

  private drop(client: FeedClient): void {
    this.clients.delete(client);
    this.takeHeld(client);
    client.slot.release();
    client.response.destroy();
  }
}
