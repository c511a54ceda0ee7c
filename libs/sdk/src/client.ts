import { apiErrorBody, TicketonomicsError } from './errors';
import { EventStream, type EventStreamOptions } from './event-stream';
import { OPERATIONS, type Operations } from './generated/api.types';
import {
  backoffDelayMs,
  isRetryableStatus,
  rateLimitResetMs,
  RETRY_DEFAULTS,
  serverWaitMs,
  sleep,
  type RetryOptions,
} from './retry';

export type OperationId = keyof Operations;
export type OperationParams<O extends OperationId> = Operations[O]['params'];
export type OperationQuery<O extends OperationId> = Operations[O]['query'];
export type OperationBody<O extends OperationId> = Operations[O]['body'];
export type OperationResponse<O extends OperationId> = Operations[O]['response'];

export interface ClientOptions {
  /** The gateway's address: https://tickets.example.org */
  baseUrl: string;
  /** An API key of the community. */
  apiKey: string;
  /** The key's community: filled into every call's `communityId` unless given. */
  communityId?: string;
  /** Per attempt. */
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
  /** Another fetch (a proxy's, a test's); the global one otherwise. */
  fetch?: typeof fetch;
  /** The Idempotency-Key of a write that was given none (a random UUID). */
  newIdempotencyKey?: () => string;
}

export interface CallOptions {
  /** Sent once per call and kept across its retries; give your own to retry a call across restarts. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

type Optional<T> = [T] extends [Record<string, never>] ? { [K in keyof T]?: T[K] } : T;

/** The parts of a call; `communityId` may be left to the client's. */
export type CallInput<O extends OperationId> = {
  params?: Partial<OperationParams<O>>;
  query?: Optional<OperationQuery<O>>;
} & (OperationBody<O> extends undefined ? { body?: undefined } : { body: OperationBody<O> });

export interface CallResult<T> {
  data: T;
  status: number;
  /** The API answered a repeated Idempotency-Key with the first call's result. */
  replayed: boolean;
  idempotencyKey: string | null;
  attempts: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * The HTTP API of Ticketonomics. Every write the API makes idempotent gets an Idempotency-Key, the same on
 * each retry of the call, so a lost answer retried moves money once. Calls are retried (bounded) on
 * network failures, timeouts, 429 and 502-504, with exponential back-off and jitter, waiting what the API
 * asks (Retry-After, X-RateLimit-Reset) up to retry.maxServerWaitMs. A key whose window is used up waits
 * for its reset before sending. Failures are TicketonomicsError with the API's code and details.
 */
export class TicketonomicsClient {
  private readonly baseUrl: string;
  private readonly retry: RetryOptions;
  private readonly timeoutMs: number;
  private readonly fetchFn: typeof fetch;
  private readonly newIdempotencyKey: () => string;
  /** While the key's rate-limit window is used up: when it starts over. */
  private blockedUntil = 0;

  constructor(private readonly options: ClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.retry = { ...RETRY_DEFAULTS, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
    this.newIdempotencyKey = options.newIdempotencyKey ?? (() => crypto.randomUUID());
  }

  /** Any operation of the API by its OpenAPI operationId, typed from the document. */
  async call<O extends OperationId>(
    operation: O,
    input: CallInput<O>,
    options: CallOptions = {},
  ): Promise<CallResult<OperationResponse<O>>> {
    const spec = OPERATIONS[operation];
    const url = this.url(spec.path, input.params ?? {}, (input.query ?? {}) as Record<string, unknown>);
    const write = spec.method !== 'GET';
    const idempotencyKey = spec.idempotent ? (options.idempotencyKey ?? this.newIdempotencyKey()) : null;
    // A write the API does not make idempotent is sent again only when it surely did not run (429).
    const safeToRepeat = !write || spec.idempotent;
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.options.apiKey}`,
      Accept: 'application/json',
    };
    if (idempotencyKey !== null) headers['Idempotency-Key'] = idempotencyKey;
    let body: string | undefined;
    if (input.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(input.body);
    }
    for (let attempt = 1; ; attempt += 1) {
      await this.waitForWindow(options.signal);
      const last = attempt >= this.retry.attemptsMax;
      let response: Response;
      try {
        response = await this.fetchFn(url, {
          method: spec.method,
          headers,
          body,
          signal: attemptSignal(this.timeoutMs, options.signal),
        });
      } catch (error) {
        if (options.signal?.aborted) throw error;
        const timedOut = (error as { name?: string } | null)?.name === 'TimeoutError';
        const failure = new TicketonomicsError({
          code: timedOut ? 'TIMEOUT' : 'NETWORK_ERROR',
          message: timedOut
            ? `${operation}: no answer within ${this.timeoutMs} ms`
            : `${operation}: the request failed (${(error as Error).message})`,
          status: null,
          operation,
          attempts: attempt,
          cause: error,
        });
        if (last || !safeToRepeat) throw failure;
        await sleep(backoffDelayMs(attempt, this.retry), options.signal);
        continue;
      }
      this.noteWindow(response.headers);
      const text = await response.text();
      const parsed = parseJson(text);
      if (response.ok) {
        if (parsed === undefined)
          throw badResponse(operation, attempt, response.status, 'the answer is not JSON');
        return {
          data: parsed as OperationResponse<O>,
          status: response.status,
          replayed: response.headers.get('idempotent-replayed') === 'true',
          idempotencyKey,
          attempts: attempt,
        };
      }
      const apiError = apiErrorBody(parsed);
      if (apiError === null)
        throw badResponse(
          operation,
          attempt,
          response.status,
          `HTTP ${response.status} without an error body`,
        );
      const waitMs = serverWaitMs(response.headers);
      const failure = (retryAfterSeconds: number | null) =>
        new TicketonomicsError({
          ...apiError,
          status: response.status,
          retryAfterSeconds,
          operation,
          attempts: attempt,
        });
      const retryable = isRetryableStatus(response.status) && (safeToRepeat || response.status === 429);
      if (!retryable) throw failure(waitMs === null ? null : Math.ceil(waitMs / 1000));
      if (waitMs !== null && waitMs > this.retry.maxServerWaitMs) throw failure(Math.ceil(waitMs / 1000));
      if (last) throw failure(waitMs === null ? null : Math.ceil(waitMs / 1000));
      // What the API asks, with a little jitter so that many clients do not return in the same instant.
      const delayMs =
        waitMs === null
          ? backoffDelayMs(attempt, this.retry)
          : waitMs + backoffDelayMs(1, { ...this.retry, maxDelayMs: Math.min(250, this.retry.maxDelayMs) });
      await sleep(delayMs, options.signal);
    }
  }

  /** The key itself: its community, scopes and rate limit. */
  async getKey(): Promise<OperationResponse<'getKey'>> {
    return (await this.call('getKey', {})).data;
  }

  /** Pay tickets from one member to another (each call pays once, however often it is retried). */
  async pay(
    body: OperationBody<'createTransfer'>,
    options?: CallOptions & { communityId?: string },
  ): Promise<CallResult<OperationResponse<'createTransfer'>>> {
    return this.call('createTransfer', { params: communityOf(options), body }, options);
  }

  /** Reward a member from the community's treasury. */
  async reward(
    body: OperationBody<'payReward'>,
    options?: CallOptions & { communityId?: string },
  ): Promise<CallResult<OperationResponse<'payReward'>>> {
    return this.call('payReward', { params: communityOf(options), body }, options);
  }

  async getMember(memberId: string): Promise<OperationResponse<'getMember'>> {
    return (await this.call('getMember', { params: { memberId } })).data;
  }

  async findMemberByIdentity(
    provider: string,
    externalId: string,
  ): Promise<OperationResponse<'findMemberByIdentity'>> {
    return (await this.call('findMemberByIdentity', { params: { provider, externalId } })).data;
  }

  async getMemberBalance(memberId: string): Promise<OperationResponse<'getMemberBalance'>> {
    return (await this.call('getMemberBalance', { params: { memberId } })).data;
  }

  async listTransfers(
    query: OperationQuery<'listTransfers'> = {},
  ): Promise<OperationResponse<'listTransfers'>> {
    return (await this.call('listTransfers', { query })).data;
  }

  /** The community's events over WebSocket, resumed after every reconnect from the last one seen. */
  events(
    options: Omit<EventStreamOptions, 'baseUrl' | 'apiKey' | 'communityId'> & { communityId?: string },
  ): EventStream {
    const communityId = options.communityId ?? this.options.communityId;
    if (communityId === undefined)
      throw new Error('events: give communityId (here or in the client options)');
    return new EventStream({ ...options, baseUrl: this.baseUrl, apiKey: this.options.apiKey, communityId });
  }

  private url(path: string, params: Record<string, unknown>, query: Record<string, unknown>): string {
    const filled = path.replace(/\{([^}]+)\}/g, (_match, name: string) => {
      const value = params[name] ?? (name === 'communityId' ? this.options.communityId : undefined);
      if (value === undefined || value === null)
        throw new Error(`${path}: the path parameter ${name} is missing`);
      return encodeURIComponent(String(value));
    });
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) {
      if (value === undefined || value === null) continue;
      search.set(name, Array.isArray(value) ? value.join(',') : String(value));
    }
    const text = search.toString();
    return `${this.baseUrl}${filled}${text === '' ? '' : `?${text}`}`;
  }

  private noteWindow(headers: Headers): void {
    const resetMs = rateLimitResetMs(headers);
    if (resetMs !== null) this.blockedUntil = Date.now() + resetMs;
  }

  /**
   * Before sending: when the last answer said the key's window is used up, wait for its reset if that is
   * within what the client may wait; otherwise send (and let the API's 429 say how long).
   */
  private async waitForWindow(signal?: AbortSignal): Promise<void> {
    const waitMs = this.blockedUntil - Date.now();
    if (waitMs <= 0 || waitMs > this.retry.maxServerWaitMs) return;
    await sleep(waitMs, signal);
  }
}

function communityOf(options?: { communityId?: string }): { communityId?: string } {
  return options?.communityId === undefined ? {} : { communityId: options.communityId };
}

function attemptSignal(timeoutMs: number, signal?: AbortSignal): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal === undefined ? timeout : AbortSignal.any([timeout, signal]);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function badResponse(operation: string, attempts: number, status: number, why: string): TicketonomicsError {
  return new TicketonomicsError({
    code: 'BAD_RESPONSE',
    message: `${operation}: ${why}; is baseUrl the gateway's address?`,
    status,
    operation,
    attempts,
  });
}
