import { BaseEnvSchema, PortSchema, TelegramBotTokenSchema } from '@ticketonomics/runtime';
import { z } from 'zod';

/** A whole number from the environment, bounded, with its unit named in the error. */
const bounded = (min: number, max: number, unit: string) =>
  z.coerce
    .number({ error: `must be a whole number of ${unit}` })
    .int({ error: `must be a whole number of ${unit}` })
    .min(min, { error: `must be at least ${min} ${unit}` })
    .max(max, { error: `must be at most ${max} ${unit}` });

const DAY_MS = 24 * 60 * 60 * 1000;
const MIB = 1024 * 1024;

/**
 * The HTTP API's settings. Every limit is here, explicit, with its unit last in the name. DATA_DIR (from
 * the base schema) is unused: the gateway keeps no state of its own (rate-limit windows live in a NATS KV
 * bucket, the audit log in a JetStream stream).
 */
const MINUTE_MS = 60_000;

/** An optional variable that compose passes as '' when the operator left it out. */
const unsetWhenEmpty = <S extends z.ZodType>(schema: S) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

export const ApiGatewayConfigSchema = BaseEnvSchema.extend({
  HTTP_PORT: PortSchema.default(3000),
  /** How long a request to a service may take before the client gets 503 UNAVAILABLE. */
  API_REQUEST_TIMEOUT_MS: bounded(100, 120_000, 'ms').default(5_000),
  /** Largest JSON body accepted; larger ones get 413. */
  API_BODY_MAX_BYTES: bounded(1_024, 10 * MIB, 'bytes').default(64 * 1024),
  /** How long a verified API key is trusted without asking accounts again (a revocation drops it at once). */
  API_KEY_CACHE_TTL_MS: bounded(0, 10 * 60_000, 'ms').default(30_000),
  /** Verified keys remembered at most (least recently used ones are forgotten first). */
  API_KEY_CACHE_ENTRIES_MAX: bounded(1, 1_000_000, 'entries').default(10_000),
  /**
   * Refused keys (unknown, wrong or revoked) remembered this long by a digest of the presented key, so a
   * client repeating a bad key is answered without asking accounts again. A refused key never becomes
   * valid, so this only bounds memory.
   */
  API_KEY_REJECTED_CACHE_TTL_MS: bounded(0, 10 * 60_000, 'ms').default(30_000),
  /** Refused keys remembered at most (least recently used ones are forgotten first). */
  API_KEY_REJECTED_CACHE_ENTRIES_MAX: bounded(1, 1_000_000, 'entries').default(10_000),
  /**
   * Failed authentications (no key, a bad or a revoked one) one client address may make per minute, counted
   * by every gateway replica together (the tk_limits_api_gateway bucket); past it the address gets 429 RATE_LIMITED and nothing it sends reaches accounts
   * (a key already verified and cached still works). IPv6 addresses count per /64.
   */
  AUTH_FAILURES_PER_MINUTE_MAX: bounded(1, 100_000, 'failures').default(20),
  /** Client addresses whose failures are counted at once; past it the oldest window is forgotten. */
  AUTH_FAILURE_ADDRESSES_MAX: bounded(1, 1_000_000, 'addresses').default(10_000),
  /**
   * Proxies in front of the gateway whose X-Forwarded-For is believed (Express `trust proxy` as a hop
   * count). 0, the default, takes the TCP peer as the client: with no proxy, a client could otherwise
   * choose its own address. Behind one load balancer, 1.
   */
  TRUST_PROXY_HOPS: bounded(0, 10, 'hops').default(0),
  /** Per-process fallback windows kept at most while the shared KV bucket does not answer. */
  RATE_LIMIT_FALLBACK_KEYS_MAX: bounded(1, 1_000_000, 'keys').default(10_000),
  /**
   * How long one KV operation of the shared limits (rate limit, failed authentications, dashboard, stream
   * caps) may take before the local fallback decides.
   */
  RATE_LIMIT_KV_TIMEOUT_MS: bounded(50, 10_000, 'ms').default(1_000),
  /**
   * Open WebSocket event streams at most in this process, over all clients; more get 503. Per replica on
   * purpose: it bounds each process's memory, so more replicas hold more streams.
   */
  WS_CONNECTIONS_MAX: bounded(1, 100_000, 'connections').default(1_000),
  /**
   * Open WebSocket event streams one API key may hold at once, over every gateway replica; one more is
   * refused with 429 RATE_LIMITED. A leaked or buggy client reconnecting in a loop cannot take the whole WS_CONNECTIONS_MAX.
   */
  WS_CONNECTIONS_PER_KEY_MAX: bounded(1, 100_000, 'connections').default(20),
  /**
   * How long a replica's open connections (event streams per key, live feeds per address) count for the
   * other replicas without being renewed (renewed every third of it): the connections of a replica that
   * was killed stop counting after it.
   */
  SHARED_LIMITS_LEASE_MS: bounded(1_000, 60_000, 'ms').default(15_000),
  /**
   * Open live feeds of the public dashboard (Server-Sent Events) at most in this process, over all clients;
   * more get 503 OVERLOADED. Per replica on purpose, like WS_CONNECTIONS_MAX: it bounds this process's memory.
   */
  DASHBOARD_FEED_CLIENTS_MAX: bounded(1, 100_000, 'connections').default(500),
  /** Bytes queued to one WebSocket client at most; a client further behind is dropped with code 1013. */
  WS_SEND_BUFFER_MAX_BYTES: bounded(1_024, 64 * MIB, 'bytes').default(MIB),
  /** How often each WebSocket client is pinged; one that has not answered the previous ping is dropped. */
  WS_PING_INTERVAL_MS: bounded(100, 10 * 60_000, 'ms').default(30_000),
  /** How long audit entries are kept in the AUDIT stream. */
  AUDIT_MAX_AGE_MS: bounded(60_000, 3_650 * DAY_MS, 'ms').default(30 * DAY_MS),
  /** Size of the AUDIT stream at most; the oldest entries go first. */
  AUDIT_MAX_BYTES: bounded(MIB, 1024 * 1024 * MIB, 'bytes').default(1024 * MIB),
  /**
   * The bot's token (from @BotFather), which signs the Mini App's initData and the Login Widget's
   * payload the wallet signs in with. Without it or APP_SESSION_SECRET the wallet's sign-in answers 503
   * UNAVAILABLE (state not_configured); everything else works. Never logged.
   */
  TELEGRAM_BOT_TOKEN: unsetWhenEmpty(TelegramBotTokenSchema),
  /**
   * The key the gateway signs members' session tokens with (HMAC-SHA256): the same on every replica, at
   * least 32 characters (say `openssl rand -base64 48`). Changing it signs every member out. Never logged.
   */
  APP_SESSION_SECRET: unsetWhenEmpty(z.string().min(32, { error: 'must be at least 32 characters' })),
  /**
   * How old a Telegram sign-in (initData or Login Widget auth_date) may be when it is exchanged for a
   * session; older is 401 UNAUTHENTICATED (reason expired). The Mini App signs in as it opens, so minutes.
   */
  APP_AUTH_MAX_AGE_MS: bounded(30_000, 24 * 60 * MINUTE_MS, 'ms').default(5 * MINUTE_MS),
  /** How long a session token is valid; the wallet refreshes it before then (POST /v1/app/sessions/refresh). */
  APP_SESSION_TTL_MS: bounded(MINUTE_MS, 60 * MINUTE_MS, 'ms').default(15 * MINUTE_MS),
  /** How long refreshing may extend one sign-in at most; after it the member signs in again. */
  APP_SESSION_MAX_LIFETIME_MS: bounded(MINUTE_MS, 7 * 24 * 60 * MINUTE_MS, 'ms').default(12 * 60 * MINUTE_MS),
  /** Requests one member's sessions may make per minute, over every replica (like an API key's limit). */
  APP_SESSION_REQUESTS_PER_MINUTE: bounded(1, 100_000, 'requests').default(120),
  /** Sign-in attempts one client address may make per minute, over every replica. */
  APP_SIGN_INS_PER_MINUTE_MAX: bounded(1, 100_000, 'attempts').default(20),
});

export type ApiGatewayConfig = z.output<typeof ApiGatewayConfigSchema>;
