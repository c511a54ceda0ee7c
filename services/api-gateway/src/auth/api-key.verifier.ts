import { Inject, Injectable } from '@nestjs/common';
import {
  ApiKeyCommands,
  apiKeyProof,
  DomainError,
  detailsOf,
  foreignEventReason,
  IntegrationEvents,
  isDomainError,
  type CloudEvent,
} from '@ticketonomics/contracts';
import { CommandClient, decodeText, SharedLimitsBucket } from '@ticketonomics/messaging';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { API_GATEWAY_CONFIG, LOGGER, NATS_CONNECTION } from '../api-gateway.tokens';
import type { ApiGatewayConfig } from '../config/api-gateway.config';
import type { VerifiedKey } from '../http/route';
import { ApiMetrics } from '../metrics/api.metrics';
import { rateLimitRefusal } from '../rate-limit/rate-limit.refusal';
import { RATE_WINDOW_MS } from '../rate-limit/rate-limiter';
import { ApiKeyCache } from './api-key.cache';
import { extractApiKey } from './api-key.extract';
import { AuthFailureLimiter } from './auth-failure.limiter';
import { addressLimitKey } from '../shared/address-limit.key';
import { clientAddress } from './client-address.resolver';
import { RejectedKeyCache, type RejectionReason } from './rejected-key.cache';

const HOW_TO_SEND =
  'send it as Authorization: Bearer tk_... or X-Api-Key: tk_... (a community admin creates keys with /apikey)';

type RevokedListener = (keyId: string) => void;
type FailureReason = 'missing' | RejectionReason;
/** What accounts said of a key: valid (with what it may do), or refused and why. */
type Outcome = { key: VerifiedKey } | { rejected: RejectionReason };
/** What apikey.verify carries for a presented key: its id and the hash of its secret. */
type Proof = { keyId: string; secretHash: string };

/**
 * Who is calling: checks the presented API key with the accounts service (apikey.verify), caches the
 * answer briefly, and forgets it the moment accounts publishes apikey.revoked (core NATS subscription on
 * the event's subject). Listeners (open WebSocket streams) hear of each revocation too.
 *
 * The key never leaves this process: accounts is sent the key's id and the SHA-256 of its secret (what it
 * stores), so whoever reads the bus cannot present what they read as a key, and nothing is logged of it.
 *
 * Unauthenticated traffic is kept off accounts: a malformed key is refused here; a key accounts refused
 * is remembered for a while (RejectedKeyCache) and refused here again; each client address may fail
 * AUTH_FAILURES_PER_MINUTE_MAX times a minute, after which it gets 429 before anything is asked of
 * accounts (a key already verified and cached still works, so one bad client behind a shared address
 * does not lock out the others' running integrations). Concurrent checks of one key share one request.
 */
@Injectable()
export class ApiKeyVerifier {
  private readonly cache: ApiKeyCache;
  private readonly rejected: RejectedKeyCache;
  private readonly failures: AuthFailureLimiter;
  private readonly inFlight = new Map<string, Promise<Outcome>>();
  private readonly trustProxyHops: number;
  private subscription: Subscription | null = null;
  private readonly revokedListeners = new Set<RevokedListener>();

  constructor(
    private readonly commands: CommandClient,
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    @Inject(API_GATEWAY_CONFIG) config: ApiGatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: ApiMetrics,
    limitsBucket: SharedLimitsBucket,
  ) {
    this.cache = new ApiKeyCache({
      ttlMs: config.API_KEY_CACHE_TTL_MS,
      entriesMax: config.API_KEY_CACHE_ENTRIES_MAX,
    });
    this.rejected = new RejectedKeyCache({
      ttlMs: config.API_KEY_REJECTED_CACHE_TTL_MS,
      entriesMax: config.API_KEY_REJECTED_CACHE_ENTRIES_MAX,
    });
    this.failures = new AuthFailureLimiter(
      limitsBucket,
      {
        failuresMax: config.AUTH_FAILURES_PER_MINUTE_MAX,
        windowMs: RATE_WINDOW_MS,
        addressesMax: config.AUTH_FAILURE_ADDRESSES_MAX,
      },
      () => metrics.sharedLimitFallbacks.inc({ limit: 'auth_failures' }),
    );
    this.trustProxyHops = config.TRUST_PROXY_HOPS;
  }

  start(): void {
    this.subscription = this.connection.subscribe(IntegrationEvents.apiKeyRevoked.type, {
      callback: (error, message) => {
        if (error !== null) return;
        try {
          const event = JSON.parse(decodeText(message.data)) as CloudEvent<{ id?: unknown }>;
          const foreign = foreignEventReason(message.subject, event);
          if (foreign !== undefined) {
            this.logger.error({ reason: foreign }, 'apikey.revoked event refused');
            return;
          }
          if (typeof event.data?.id === 'string') this.revoked(event.data.id);
        } catch (parseError) {
          this.logger.warn({ err: parseError }, 'unreadable apikey.revoked event ignored');
        }
      },
    });
    // A revocation published while the connection was down was missed: trust no cached check after it.
    void (async () => {
      for await (const status of this.connection.status()) {
        if (status.type === 'reconnect') this.cache.clear();
      }
    })();
  }

  stop(): void {
    this.subscription?.unsubscribe();
    this.subscription = null;
  }

  onRevoked(listener: RevokedListener): () => void {
    this.revokedListeners.add(listener);
    return () => this.revokedListeners.delete(listener);
  }

  /**
   * The key of a request, verified. Throws 401 UNAUTHENTICATED (details.reason missing, invalid or
   * revoked), 429 RATE_LIMITED past the address's failed authentications, or UNAVAILABLE when accounts
   * does not answer.
   */
  async authenticate(request: IncomingMessage, url: URL, allowQueryKey = false): Promise<VerifiedKey> {
    const address = clientAddress(request, this.trustProxyHops);
    const presented = extractApiKey(request, url, allowQueryKey);
    if (presented === undefined) throw await this.failed(address, 'missing');
    return this.verify(presented, address);
  }

  /** `presented` checked for a client at `address` (what its failed authentications count against). */
  async verify(presented: string, address: string): Promise<VerifiedKey> {
    // A key that cannot be one is refused without a round trip to accounts.
    const proof = apiKeyProof(presented);
    if (proof === null) throw await this.failed(address, 'invalid');
    const digest = createHash('sha256').update(presented).digest('base64url');
    const cached = this.cache.get(digest);
    if (cached !== undefined) return cached;
    const rejected = this.rejected.get(digest);
    if (rejected !== undefined) throw await this.failed(address, rejected);
    const shared = this.inFlight.get(digest);
    if (shared !== undefined) {
      const outcome = await shared;
      if ('key' in outcome) return outcome.key;
      throw await this.failed(address, outcome.rejected);
    }
    const outcome = await this.askAccounts(digest, proof, addressLimitKey(address));
    if ('key' in outcome) return outcome.key;
    // Counted already: the slot this check took was not given back.
    this.metrics.authFailures.inc({ reason: outcome.rejected });
    throw unauthenticated(outcome.rejected);
  }

  /**
   * One apikey.verify, for every concurrent check of the same key. It first takes one of the address's
   * failure slots (429 when none is left, before accounts hears of it) and gives it back for a valid key
   * or a service that did not answer: a refused key keeps it, as the failure it is.
   */
  private async askAccounts(digest: string, proof: Proof, group: string): Promise<Outcome> {
    const slot = await this.failures.reserve(group);
    if (!slot.allowed) {
      this.metrics.authFailures.inc({ reason: 'rate_limited' });
      throw rateLimitRefusal(slot, 'auth_failures');
    }
    const asked = this.callAccounts(digest, proof);
    this.inFlight.set(digest, asked);
    try {
      const outcome = await asked;
      if ('key' in outcome) await this.failures.release(group, slot);
      return outcome;
    } catch (error) {
      await this.failures.release(group, slot);
      throw error;
    } finally {
      this.inFlight.delete(digest);
    }
  }

  private async callAccounts(digest: string, proof: Proof): Promise<Outcome> {
    try {
      const key = await this.commands.request(ApiKeyCommands.apiKeyVerify, proof);
      this.cache.set(digest, key);
      return { key };
    } catch (error) {
      const reason = rejectionOf(error);
      if (reason === null) throw error;
      this.rejected.set(digest, reason);
      return { rejected: reason };
    }
  }

  /** A failed authentication of `address`: 401, or 429 once the address has failed too often. */
  private async failed(address: string, reason: FailureReason): Promise<Error> {
    const decision = await this.failures.record(addressLimitKey(address));
    if (!decision.allowed) {
      this.metrics.authFailures.inc({ reason: 'rate_limited' });
      return rateLimitRefusal(decision, 'auth_failures');
    }
    this.metrics.authFailures.inc({ reason });
    return unauthenticated(reason);
  }

  private revoked(keyId: string): void {
    this.cache.revoke(keyId);
    this.logger.info({ keyId }, 'API key revoked: dropped from the cache');
    for (const listener of this.revokedListeners) listener(keyId);
  }
}

/**
 * Why accounts refused a key, or null when the error is not a refusal (UNAVAILABLE, a bug): those are
 * passed on and never remembered.
 */
function rejectionOf(error: unknown): RejectionReason | null {
  if (!isDomainError(error) || error.code !== 'UNAUTHENTICATED') return null;
  return detailsOf(error, 'UNAUTHENTICATED')?.reason === 'revoked' ? 'revoked' : 'invalid';
}

/** 401 UNAUTHENTICATED (with WWW-Authenticate: Bearer); the reason alone, never which part of a key was wrong. */
function unauthenticated(reason: FailureReason): DomainError {
  const message =
    reason === 'missing'
      ? `missing API key: ${HOW_TO_SEND}`
      : reason === 'revoked'
        ? 'this API key was revoked; ask a community admin for a new one'
        : `not a valid API key: ${HOW_TO_SEND}`;
  return new DomainError('UNAUTHENTICATED', message, { reason });
}
