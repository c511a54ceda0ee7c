import { Inject, Injectable } from '@nestjs/common';
import { eventTypeMatches, IntegrationEvents } from '@ticketonomics/contracts';
import { SharedConnectionCounter, SharedLimitsBucket } from '@ticketonomics/messaging';
import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer } from 'ws';
import { API_GATEWAY_CONFIG, LOGGER } from '../api-gateway.tokens';
import type { ApiGatewayConfig } from '../config/api-gateway.config';
import { errorBody, routeNotFound, toHttpError } from '../http/http-error';
import { rateLimited } from '../rate-limit/rate-limit.refusal';
import { requestUrl } from '../http/request-url';
import { compilePath, matchPath, type RoutePath } from '../http/route-path';
import { ApiMetrics } from '../metrics/api.metrics';
import { EventHub, type HubEvent } from './event.hub';
import { RESUME_FOLLOW_WAIT_MS } from '../shared/stream.reader';

/** WebSocket close codes used here (RFC 6455 and the IANA registry). */
export const WS_CLOSE = {
  goingAway: 1001,
  policyViolation: 1008,
  tryAgainLater: 1013,
} as const;
/** Bytes a client may send in one message; clients have nothing to say, so this is small. */
const CLIENT_MESSAGE_MAX_BYTES = 4 * 1024;
/** How long a dropped or closing client has to finish the closing handshake before its socket is cut. */
const CLOSE_GRACE_MS = 1_000;
/** Seconds a refused stream is asked to wait before connecting again. */
const STREAM_RETRY_AFTER_S = 5;
/**
 * How far back (in stream positions, of every community) a reconnecting client may ask to resume; further
 * back it gets a reset frame and reloads its state over REST, rather than one client replaying the world.
 */
export const RESUME_EVENTS_MAX = 10_000;
/** Live events held for a client while its missed events are replayed; past it the client is dropped. */
const RESUME_PENDING_MAX = 10_000;
/** How long a replay waits for a client's send buffer to drain below half its cap. */
const RESUME_DRAIN_POLL_MS = 10;

/**
 * The frame a resuming client gets instead of its missed events when they cannot be replayed: it reloads
 * its state over REST and carries on from `streamseq` (the events after it follow on this connection).
 */
export interface ResetFrame {
  kind: 'reset';
  code: 'RESUME_UNAVAILABLE';
  reason: 'too_old' | 'too_far' | 'unknown_position' | 'replay_failed' | 'not_following';
  message: string;
  streamseq: number;
}

const INTEGRATION_EVENT_TYPES = new Set(Object.values(IntegrationEvents).map((spec) => spec.type));

/** What a connection may receive: one community's events, optionally only some types. */
export interface StreamGrant {
  communityId: string;
  /** Event types or prefixes ending in `*` (tk.evt.ledger.*); empty: every type. */
  types: string[];
  /** API key and webhook events are shown to admin keys only (they describe the community's integrations). */
  includeIntegrationEvents: boolean;
  /** The key the stream was opened with: the stream is closed the moment that key is revoked. */
  keyId: string | null;
  /** The `streamseq` of the last event the client saw: it is sent every later one first. Null: from now. */
  afterSeq?: number | null;
}

/**
 * One WebSocket endpoint: its path and who may connect. authorize throws (a DomainError or HttpRefusal)
 * to refuse the upgrade with that error's HTTP status and JSON body.
 */
export interface EventStreamRoute {
  path: string;
  authorize(request: IncomingMessage, url: URL, params: Record<string, string>): Promise<StreamGrant>;
  /**
   * How an authorized attempt ended here: 101 when the stream opens, or the server's own refusal (the
   * key's stream cap) with its status and error code. For the route's audit.
   */
  settled?(grant: StreamGrant, status: number, errorCode: string | null): void;
}

interface Client {
  socket: WebSocket;
  grant: StreamGrant;
  alive: boolean;
  stop: () => void;
  /** The position of the last event sent: nothing at or before it is sent again. */
  lastSeq: number;
  /** Live events held while missed ones are replayed; null once live. */
  pending: HubEvent[] | null;
}

/**
 * Live event streams over WebSocket, on the Nest HTTP server's port (upgrade requests of registered
 * paths; any other upgrade is refused with 404). Each client gets the CloudEvent JSON of its community's
 * events as text messages, each with `streamseq`, its position in the event stream; a client reconnecting
 * with `afterSeq` (the last `streamseq` it saw) first gets what it missed (see resume). Bounded: at most WS_CONNECTIONS_MAX clients; a client more than
 * WS_SEND_BUFFER_MAX_BYTES behind is dropped with 1013 (try again later) instead of buffering without
 * end; a client that misses a ping is dropped. Shutdown closes every stream with 1001.
 *
 * Other modules (the public dashboard) add their own paths with addRoute.
 */
@Injectable()
export class EventStreamServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: CLIENT_MESSAGE_MAX_BYTES });
  private readonly routes: { route: EventStreamRoute; path: RoutePath }[] = [];
  private readonly clients = new Set<Client>();
  /**
   * Streams per API key over every gateway replica: open ones and upgrades under way, so concurrent
   * upgrades (on this replica or others) cannot pass the cap together.
   */
  private readonly perKey: SharedConnectionCounter;
  private pingTimer: NodeJS.Timeout | null = null;
  private closing = false;

  constructor(
    private readonly hub: EventHub,
    private readonly metrics: ApiMetrics,
    @Inject(API_GATEWAY_CONFIG) private readonly config: ApiGatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    limitsBucket: SharedLimitsBucket,
  ) {
    this.perKey = new SharedConnectionCounter(limitsBucket, {
      name: 'streams_per_key',
      leaseMs: config.SHARED_LIMITS_LEASE_MS,
      onLocal: () => metrics.sharedLimitFallbacks.inc({ limit: 'stream_connections' }),
    });
  }

  addRoute(route: EventStreamRoute): void {
    this.routes.push({ route, path: compilePath(route.path) });
  }

  /** Take the upgrade requests of the HTTP server, and start pinging clients. */
  attach(server: Server): void {
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      this.upgrade(request, socket, head).catch((error: unknown) => {
        this.logger.error({ err: error }, 'WebSocket upgrade failed');
        socket.destroy();
      });
    });
    this.pingTimer = setInterval(() => this.ping(), this.config.WS_PING_INTERVAL_MS);
    this.pingTimer.unref();
    this.perKey.start();
  }

  get connectionCount(): number {
    return this.clients.size;
  }

  /** Close every stream whose key was revoked. */
  closeKey(keyId: string): void {
    for (const client of this.clients) {
      if (client.grant.keyId === keyId)
        this.drop(client, WS_CLOSE.policyViolation, 'API key revoked', 'revoked');
    }
  }

  /** Close every stream with 1001 (going away) and wait briefly for the closing handshakes. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.pingTimer !== null) clearInterval(this.pingTimer);
    this.perKey.stop();
    const closed = [...this.clients].map(
      (client) =>
        new Promise<void>((resolve) => {
          client.socket.once('close', () => resolve());
          this.drop(client, WS_CLOSE.goingAway, 'server shutting down', 'shutdown');
        }),
    );
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CLOSE_GRACE_MS * 2);
    });
    await Promise.race([Promise.all(closed), deadline]);
    clearTimeout(timer);
    this.wss.close();
  }

  private async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => undefined);
    const url = requestUrl(request);
    if (url === null) {
      refuse(
        socket,
        400,
        {},
        errorBody(
          'VALIDATION_FAILED',
          'the request target is not a URL; connect to /v1/communities/<communityId>/events',
          { field: 'url', in: 'path' },
        ),
      );
      return;
    }
    let matched: { route: EventStreamRoute; params: Record<string, string> } | null = null;
    for (const { route, path } of this.routes) {
      const params = matchPath(path, url.pathname);
      if (params !== null) {
        matched = { route, params };
        break;
      }
    }
    if (matched === null) {
      const mapped = toHttpError(routeNotFound('GET', url.pathname));
      refuse(socket, mapped.status, mapped.headers, mapped.body);
      return;
    }
    const { route, params } = matched;
    if (this.closing || this.clients.size >= this.config.WS_CONNECTIONS_MAX) {
      const message = this.closing
        ? 'the gateway is shutting down'
        : 'too many open event streams; retry later';
      refuse(
        socket,
        503,
        { 'Retry-After': String(STREAM_RETRY_AFTER_S) },
        errorBody('OVERLOADED', message, { reason: this.closing ? 'shutdown' : 'stream_connections' }),
      );
      return;
    }
    let grant: StreamGrant;
    try {
      grant = await route.authorize(request, url, params);
    } catch (error) {
      const mapped = toHttpError(error);
      if (mapped.unexpected)
        this.logger.error({ err: error }, 'event stream authorization failed unexpectedly');
      refuse(socket, mapped.status, mapped.headers, mapped.body);
      return;
    }
    if (socket.destroyed) return;
    if (grant.keyId !== null && !(await this.holdKeySlot(grant.keyId, socket))) {
      const max = this.config.WS_CONNECTIONS_PER_KEY_MAX;
      const mapped = toHttpError(
        rateLimited({
          reason: 'stream_connections',
          message: `this API key already has ${max} event streams open, the most one key may hold; close one before opening another`,
          limit: max,
          windowSeconds: null,
          retryAfterSeconds: STREAM_RETRY_AFTER_S,
        }),
      );
      route.settled?.(grant, mapped.status, mapped.body.error.code);
      refuse(socket, mapped.status, mapped.headers, mapped.body);
      return;
    }
    // Gone while the slot was taken (its slot was given back).
    if (socket.destroyed) return;
    route.settled?.(grant, 101, null);
    this.wss.handleUpgrade(request, socket, head, (ws) => this.serve(ws, grant));
  }

  /**
   * Count a stream against its key, if the key has room; the slot is given back when the socket closes,
   * whether the handshake finished or not.
   */
  private async holdKeySlot(keyId: string, socket: Duplex): Promise<boolean> {
    const slot = await this.perKey.acquire(keyId, this.config.WS_CONNECTIONS_PER_KEY_MAX);
    if (slot === null) return false;
    if (socket.destroyed) slot.release();
    else socket.once('close', () => slot.release());
    return true;
  }

  private serve(socket: WebSocket, grant: StreamGrant): void {
    const afterSeq = grant.afterSeq ?? null;
    const client: Client = {
      socket,
      grant,
      alive: true,
      stop: () => undefined,
      lastSeq: afterSeq ?? 0,
      pending: afterSeq === null ? null : [],
    };
    client.stop = this.hub.subscribe(grant.communityId, (event) => this.hear(client, event));
    // Read together with subscribing: every event after this position reaches the listener above.
    const liveFromSeq = this.hub.lastSeq;
    if (afterSeq !== null) {
      this.resume(client, afterSeq, liveFromSeq).catch((error: unknown) => {
        this.logger.warn({ err: error }, 'event stream resume failed');
        this.reset(client, liveFromSeq, 'replay_failed', 'the missed events could not be read');
      });
    }
    this.clients.add(client);
    this.metrics.wsConnections.set(this.clients.size);
    socket.on('pong', () => {
      client.alive = true;
    });
    socket.on('error', () => socket.terminate());
    socket.on('close', () => {
      client.stop();
      this.clients.delete(client);
      this.metrics.wsConnections.set(this.clients.size);
    });
  }

  private hear(client: Client, event: HubEvent): void {
    if (client.pending === null) {
      this.deliver(client, event);
      return;
    }
    if (client.pending.length >= RESUME_PENDING_MAX) {
      this.drop(client, WS_CLOSE.tryAgainLater, 'too many events while resuming; reconnect', 'slow');
      return;
    }
    client.pending.push(event);
  }

  /**
   * Send a resuming client the events it missed, from the stream (afterSeq, liveFromSeq], then the live
   * ones held meanwhile: positions only grow and each is sent once, so there is no gap and no duplicate
   * at the switch. A position the stream no longer keeps, or one too far back, gets a reset frame.
   */
  private async resume(client: Client, afterSeq: number, liveFromSeq: number): Promise<void> {
    if (liveFromSeq === 0) {
      // This gateway has not begun following the stream (NATS was away when it started): its position
      // comes once it does, and the events the client missed run up to it.
      const position = await this.hub.positionOnceFollowing(RESUME_FOLLOW_WAIT_MS);
      if (position === null) {
        this.reset(client, 0, 'not_following', 'this gateway is not reading the event stream yet');
        return;
      }
      liveFromSeq = position;
    }
    if (afterSeq < liveFromSeq) {
      const bounds = await this.hub.bounds();
      if (afterSeq > bounds.lastSeq) {
        this.reset(client, liveFromSeq, 'unknown_position', 'the stream never reached this position');
        return;
      }
      if (afterSeq + 1 < bounds.firstSeq) {
        this.reset(client, liveFromSeq, 'too_old', 'the stream no longer keeps the events after it');
        return;
      }
      if (liveFromSeq - afterSeq > RESUME_EVENTS_MAX) {
        this.reset(
          client,
          liveFromSeq,
          'too_far',
          `at most ${RESUME_EVENTS_MAX} stream positions can be resumed`,
        );
        return;
      }
      for await (const event of this.hub.replay(client.grant.communityId, afterSeq + 1, liveFromSeq)) {
        if (client.socket.readyState !== WebSocket.OPEN) return;
        while (client.socket.bufferedAmount > this.config.WS_SEND_BUFFER_MAX_BYTES / 2) {
          await new Promise((resolve) => setTimeout(resolve, RESUME_DRAIN_POLL_MS));
          if (client.socket.readyState !== WebSocket.OPEN) return;
        }
        this.deliver(client, event);
      }
    }
    this.goLive(client);
  }

  private reset(client: Client, liveFromSeq: number, reason: ResetFrame['reason'], why: string): void {
    if (client.pending === null) return;
    const frame: ResetFrame = {
      kind: 'reset',
      code: 'RESUME_UNAVAILABLE',
      reason,
      message: `cannot resume after ${client.lastSeq}: ${why}; reload the state over REST and carry on from streamseq`,
      streamseq: liveFromSeq,
    };
    client.lastSeq = Math.max(client.lastSeq, liveFromSeq);
    if (client.socket.readyState === WebSocket.OPEN) client.socket.send(JSON.stringify(frame));
    this.goLive(client);
  }

  private goLive(client: Client): void {
    const held = client.pending ?? [];
    client.pending = null;
    for (const event of held) this.deliver(client, event);
  }

  private deliver(client: Client, event: HubEvent): void {
    if (event.seq <= client.lastSeq) return;
    client.lastSeq = event.seq;
    if (client.socket.readyState !== WebSocket.OPEN || !wants(client.grant, event.type)) return;
    if (client.socket.bufferedAmount + event.json.length > this.config.WS_SEND_BUFFER_MAX_BYTES) {
      this.drop(
        client,
        WS_CLOSE.tryAgainLater,
        'too slow: events were dropped; reconnect and catch up over REST',
        'slow',
      );
      return;
    }
    client.socket.send(event.json);
  }

  private ping(): void {
    for (const client of this.clients) {
      if (!client.alive) {
        this.metrics.wsDropped.inc({ reason: 'ping_timeout' });
        client.socket.terminate();
        continue;
      }
      client.alive = false;
      client.socket.ping();
    }
  }

  private drop(client: Client, code: number, reason: string, label: string): void {
    client.stop();
    if (label !== 'shutdown') this.metrics.wsDropped.inc({ reason: label });
    if (client.socket.readyState === WebSocket.OPEN) client.socket.close(code, reason);
    // A client whose buffer is full may never read the close frame: cut it after a grace period.
    setTimeout(() => client.socket.terminate(), CLOSE_GRACE_MS).unref();
  }
}

/** Whether a stream should carry an event of this type. */
export function wants(grant: StreamGrant, type: string): boolean {
  if (INTEGRATION_EVENT_TYPES.has(type) && !grant.includeIntegrationEvents) return false;
  return grant.types.length === 0 || grant.types.some((pattern) => eventTypeMatches(pattern, type));
}

/** Answer an upgrade request with a plain HTTP error and close the socket. */
function refuse(socket: Duplex, status: number, headers: Record<string, string>, body: unknown): void {
  if (socket.destroyed) return;
  const text = JSON.stringify(body);
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(text)}`,
    'Connection: close',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  socket.end(`${lines.join('\r\n')}\r\n\r\n${text}`);
}
