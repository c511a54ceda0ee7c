import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { heardEvent, type ConnectionSlot, type SharedConnectionCounter } from '@ticketonomics/messaging';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { BoundedCache } from '../shared/bounded.cache';
import type { DashboardLimits } from './dashboard.limits';
import {
  DASHBOARD_FEED_COUNTER,
  DASHBOARD_LIMITS,
  DASHBOARD_LOGGER,
  DASHBOARD_NATS,
} from './dashboard.tokens';
import { DashboardVisibility } from './dashboard-visibility.service';
import { MemberLabels } from './member-labels.service';
import { PUBLIC_FEED_SUBJECTS, publicFeedItem, type PublicFeedItem } from './public-event.mapper';

interface FeedClient {
  communityId: string;
  /** The client's address as limits count it (an IPv6 /64 is one). */
  addressKey: string;
  response: ServerResponse;
  /** Its place under the address's cap, counted by every replica; given back when the feed ends. */
  slot: ConnectionSlot;
}

/** Event ids remembered to drop a relay's republish (JetStream dedupes, core subscribers do not). */
const SEEN_EVENT_IDS_MAX = 2_000;
/** Tells EventSource how soon to reconnect after the connection drops. */
const RECONNECT_HINT_MS = 3_000;

/** 'gone': the client left while its slot was taken; nothing to answer. */
export type AttachResult = 'attached' | 'gone' | 'too-many' | 'too-many-from-ip';

/**
 * The public live feed: Server-Sent Events per community, fed by one core NATS subscription per event
 * type for the whole process. SSE rather than the gateway's WebSocket: the feed only flows one way, the
 * browser reconnects by itself, and it needs no key. Only public fields are sent (see
 * public-event.mapper.ts), with member labels added.
 */
@Injectable()
export class PublicFeed implements OnModuleInit, OnModuleDestroy {
  private readonly clients = new Set<FeedClient>();
  private readonly subscriptions: Subscription[] = [];
  private readonly seen = new BoundedCache<true>(SEEN_EVENT_IDS_MAX, 60 * 60_000);
  private queue: Promise<void> = Promise.resolve();
  private queued = 0;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    @Inject(DASHBOARD_NATS) private readonly connection: NatsConnection,
    @Inject(DASHBOARD_LIMITS) private readonly limits: DashboardLimits,
    @Inject(DASHBOARD_LOGGER) private readonly logger: Logger,
    private readonly labels: MemberLabels,
    private readonly visibility: DashboardVisibility,
    @Inject(DASHBOARD_FEED_COUNTER) private readonly perAddress: SharedConnectionCounter,
  ) {}

  onModuleInit(): void {
    this.perAddress.start();
    this.visibility.onClosed((communityId) => this.closeCommunity(communityId));
    for (const subject of PUBLIC_FEED_SUBJECTS) {
      this.subscriptions.push(
        this.connection.subscribe(subject, {
          callback: (_error, message) => this.receive(message.subject, message.data),
        }),
      );
    }
    this.heartbeat = setInterval(() => this.broadcastComment('ping'), this.limits.feedHeartbeatMs);
    this.heartbeat.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.heartbeat);
    this.perAddress.stop();
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    // Open event streams would keep the HTTP server from closing.
    for (const client of this.clients) {
      client.slot.release();
      client.response.end();
    }
    this.clients.clear();
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /**
   * A live feed for the client, within the process's cap (feedClientsMax: this replica's memory) and the
   * address's (feedClientsPerIpMax, counted over every replica).
   */
  async attach(communityId: string, addressKey: string, response: ServerResponse): Promise<AttachResult> {
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
    const client: FeedClient = { communityId, addressKey, response, slot };
    this.clients.add(client);
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // Proxies such as nginx would otherwise hold events back in their buffers.
      'X-Accel-Buffering': 'no',
    });
    response.write(`retry: ${RECONNECT_HINT_MS}\n`);
    response.write(
      `event: hello\ndata: ${JSON.stringify({ communityId, at: new Date().toISOString() })}\n\n`,
    );
    const detach = () => {
      this.clients.delete(client);
      slot.release();
    };
    response.once('close', detach);
    response.once('error', detach);
    return 'attached';
  }

  /** The dashboard went private: its feeds end, and the browsers' reconnects get the 404. */
  private closeCommunity(communityId: string): void {
    for (const client of this.clients) {
      if (client.communityId !== communityId) continue;
      this.clients.delete(client);
      client.slot.release();
      client.response.end('event: closed\ndata: {"reason":"the dashboard is no longer public"}\n\n');
    }
  }

  private receive(subject: string, data: Uint8Array): void {
    const heard = heardEvent(subject, data, this.logger);
    if (heard === null) return;
    const raw: unknown = heard.event;
    const id = (raw as { id?: unknown } | null)?.id;
    if (typeof id === 'string') {
      if (this.seen.get(id) !== undefined) return;
      this.seen.set(id, true);
    }
    const mapped = publicFeedItem(raw);
    if (mapped === null || !this.hasClients(mapped.communityId)) return;
    if (this.queued >= this.limits.feedQueueMax) return;
    // One at a time, so events keep their order while their labels are looked up.
    this.queued += 1;
    this.queue = this.queue
      .then(() => this.deliver(mapped.communityId, mapped.item))
      .catch((error: unknown) => this.logger.warn({ err: error }, 'dashboard feed event dropped'))
      .finally(() => (this.queued -= 1));
  }

  private hasClients(communityId: string): boolean {
    for (const client of this.clients) if (client.communityId === communityId) return true;
    return false;
  }

  private async deliver(communityId: string, item: PublicFeedItem): Promise<void> {
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
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const client of this.clients) if (client.communityId === communityId) this.send(client, frame);
  }

  private broadcastComment(text: string): void {
    for (const client of this.clients) this.send(client, `: ${text}\n\n`);
  }

  private send(client: FeedClient, frame: string): void {
    if (client.response.writableLength > this.limits.feedBufferedBytesMax) {
      // A client that stopped reading: drop it rather than buffer for it; its browser reconnects.
      this.clients.delete(client);
      client.slot.release();
      client.response.destroy();
      return;
    }
    client.response.write(frame);
  }
}
