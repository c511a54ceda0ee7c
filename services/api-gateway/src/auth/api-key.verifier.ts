import { Inject, Injectable } from '@nestjs/common';
import {
  ApiKeyCommands,
  DomainError,
  IntegrationEvents,
  parseApiKey,
  type CloudEvent,
} from '@ticketonomics/contracts';
import { CommandClient, decodeText } from '@ticketonomics/messaging';
import type { NatsConnection, Subscription } from 'nats';
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { API_GATEWAY_CONFIG, LOGGER, NATS_CONNECTION } from '../api-gateway.tokens';
import type { ApiGatewayConfig } from '../config/api-gateway.config';
import { HttpRefusal } from '../http/http-error';
import type { VerifiedKey } from '../http/route';
import { ApiKeyCache } from './api-key.cache';
import { extractApiKey } from './api-key.extract';

const HOW_TO_SEND =
  'send it as Authorization: Bearer tk_... or X-Api-Key: tk_... (a community admin creates keys with /apikey)';

type RevokedListener = (keyId: string) => void;

/**
 * Who is calling: checks the presented API key with the accounts service (apikey.verify), caches the
 * answer briefly, and forgets it the moment accounts publishes apikey.revoked (core NATS subscription on
 * the event's subject). Listeners (open WebSocket streams) hear of each revocation too.
 */
@Injectable()
export class ApiKeyVerifier {
  private readonly cache: ApiKeyCache;
  private subscription: Subscription | null = null;
  private readonly revokedListeners = new Set<RevokedListener>();

  constructor(
    private readonly commands: CommandClient,
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    @Inject(API_GATEWAY_CONFIG) config: ApiGatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.cache = new ApiKeyCache({
      ttlMs: config.API_KEY_CACHE_TTL_MS,
      entriesMax: config.API_KEY_CACHE_ENTRIES_MAX,
    });
  }

  start(): void {
    this.subscription = this.connection.subscribe(IntegrationEvents.apiKeyRevoked.type, {
      callback: (error, message) => {
        if (error !== null) return;
        try {
          const event = JSON.parse(decodeText(message.data)) as CloudEvent<{ id?: unknown }>;
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

  /** The key of a request, verified; throws a 401 refusal (or UNAVAILABLE when accounts does not answer). */
  async authenticate(request: IncomingMessage, url: URL, allowQueryKey = false): Promise<VerifiedKey> {
    const presented = extractApiKey(request, url, allowQueryKey);
    if (presented === undefined) {
      throw unauthenticated('missing', `missing API key: ${HOW_TO_SEND}`);
    }
    return this.verify(presented);
  }

  async verify(presented: string): Promise<VerifiedKey> {
    // A key that cannot be one is refused without a round trip to accounts.
    if (parseApiKey(presented) === null) {
      throw unauthenticated('invalid', `not a valid API key: ${HOW_TO_SEND}`);
    }
    const digest = createHash('sha256').update(presented).digest('base64url');
    const cached = this.cache.get(digest);
    if (cached !== undefined) return cached;
    try {
      const verified = await this.commands.request(ApiKeyCommands.apiKeyVerify, { key: presented });
      this.cache.set(digest, verified);
      return verified;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'FORBIDDEN') {
        const reason = error.details?.['reason'] === 'revoked' ? 'revoked' : 'invalid';
        throw unauthenticated(
          reason,
          reason === 'revoked' ? 'this API key was revoked' : `not a valid API key: ${HOW_TO_SEND}`,
        );
      }
      throw error;
    }
  }

  private revoked(keyId: string): void {
    this.cache.revoke(keyId);
    this.logger.info({ keyId }, 'API key revoked: dropped from the cache');
    for (const listener of this.revokedListeners) listener(keyId);
  }
}

function unauthenticated(reason: 'missing' | 'invalid' | 'revoked', message: string): HttpRefusal {
  return new HttpRefusal(401, 'FORBIDDEN', message, { reason }, { 'WWW-Authenticate': 'Bearer' });
}
