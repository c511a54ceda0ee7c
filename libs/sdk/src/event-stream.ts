import { backoffDelayMs, type RetryOptions } from './retry';

/** One event of the stream: a CloudEvent with its position in the event stream. */
export interface StreamEvent {
  /** The event's position in the stream: what a reconnect resumes after. */
  streamseq: number;
  specversion: string;
  id: string;
  source: string;
  type: string;
  time: string;
  subject?: string;
  communityid: string;
  data: unknown;
  [attribute: string]: unknown;
}

/** Sent instead of the missed events when they cannot be replayed: reload the state over REST. */
export interface ResetFrame {
  kind: 'reset';
  code: 'RESUME_UNAVAILABLE';
  reason: string;
  message: string;
  /** The position the stream carries on from. */
  streamseq: number;
}

export interface EventStreamOptions {
  baseUrl: string;
  apiKey: string;
  communityId: string;
  /** Event types or prefixes (tk.evt.ledger.*); all when empty. */
  types?: string[];
  /** Resume after this position (a streamseq kept from an earlier run); from now when not given. */
  after?: number | null;
  onEvent(event: StreamEvent): void;
  /** The missed events could not be replayed: reload what you show from the REST API. */
  onReset?(frame: ResetFrame): void;
  /** Connected (again): `after` is where this connection resumes. */
  onOpen?(info: { after: number | null; reconnects: number }): void;
  /** The connection dropped; it is retried unless the stream was closed. */
  onDisconnect?(info: { code: number; reason: string; retryInMs: number | null }): void;
  /** Back-off between reconnects (attemptsMax is ignored: the stream reconnects until closed). */
  reconnect?: Partial<Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>>;
  /** Another WebSocket class (the `ws` package's); the global one (Node 22+, browsers) otherwise. */
  WebSocket?: new (url: string) => WebSocketLike;
}

/** What the stream uses of a WebSocket: the WHATWG interface that Node's global and `ws` both have. */
export interface WebSocketLike {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  close(code?: number, reason?: string): void;
}

/** Close codes after which reconnecting would only be refused again: the key was revoked. */
const FINAL_CLOSE_CODES = new Set([1008]);
const RECONNECT_DEFAULTS = { baseDelayMs: 250, maxDelayMs: 10_000 };

/**
 * A community's live events that survive reconnects: each connection asks the gateway to resume after the
 * last position seen (`?after=`), the gateway replays what was missed from JetStream, and anything at or
 * before that position is dropped here, so the handler sees every event once, in order, across gateway
 * restarts. Reconnects back off exponentially with jitter.
 */
export class EventStream {
  private socket: WebSocketLike | null = null;
  private closed = false;
  private reconnects = 0;
  private failuresInRow = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private position: number | null;

  constructor(private readonly options: EventStreamOptions) {
    this.position = options.after ?? null;
    this.connect();
  }

  /** The position of the last event handled (or of a reset): keep it to resume a later run from it. */
  get lastSeq(): number | null {
    return this.position;
  }

  close(): void {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.socket?.close(1000, 'closed by the client');
    this.socket = null;
  }

  private connect(): void {
    const url = new URL(
      `/v1/communities/${encodeURIComponent(this.options.communityId)}/events`,
      this.options.baseUrl.replace(/^http/, 'ws'),
    );
    // A browser cannot set headers on a WebSocket, so the key goes in the query, as the API allows.
    url.searchParams.set('key', this.options.apiKey);
    if (this.options.types !== undefined && this.options.types.length > 0)
      url.searchParams.set('types', this.options.types.join(','));
    const after = this.position;
    if (after !== null) url.searchParams.set('after', String(after));
    const Socket =
      this.options.WebSocket ?? (globalThis.WebSocket as unknown as new (url: string) => WebSocketLike);
    const socket = new Socket(url.toString());
    this.socket = socket;
    socket.onopen = () => {
      this.failuresInRow = 0;
      this.options.onOpen?.({ after, reconnects: this.reconnects });
    };
    socket.onmessage = (message) => this.receive(message.data);
    socket.onerror = () => undefined;
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.closed || FINAL_CLOSE_CODES.has(event.code)) {
        this.options.onDisconnect?.({ code: event.code, reason: event.reason, retryInMs: null });
        return;
      }
      this.failuresInRow += 1;
      const retryInMs = backoffDelayMs(this.failuresInRow, {
        ...RECONNECT_DEFAULTS,
        ...this.options.reconnect,
        attemptsMax: Infinity,
        maxServerWaitMs: 0,
      });
      this.options.onDisconnect?.({ code: event.code, reason: event.reason, retryInMs });
      this.timer = setTimeout(() => {
        this.timer = null;
        if (this.closed) return;
        this.reconnects += 1;
        this.connect();
      }, retryInMs);
    };
  }

  private receive(data: unknown): void {
    let frame: Record<string, unknown>;
    try {
      frame = JSON.parse(typeof data === 'string' ? data : String(data)) as Record<string, unknown>;
    } catch {
      return;
    }
    if (frame['kind'] === 'reset') {
      const reset = frame as unknown as ResetFrame;
      this.position = Math.max(this.position ?? 0, reset.streamseq);
      this.options.onReset?.(reset);
      return;
    }
    const seq = frame['streamseq'];
    if (typeof seq !== 'number') return;
    if (this.position !== null && seq <= this.position) return;
    this.position = seq;
    this.options.onEvent(frame as StreamEvent);
  }
}
