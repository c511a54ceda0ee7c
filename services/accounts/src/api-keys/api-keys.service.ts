import { Inject, Injectable } from '@nestjs/common';
import {
  API_KEY_SCOPES,
  DomainError,
  INTEGRATION_LIMITS,
  PAGE_SIZE_DEFAULT,
  apiKeySecretHash,
  USER_ID_PATTERN,
  type ApiKey,
  type ApiKeyScope,
} from '@ticketonomics/contracts';
import { partitionOf } from '@ticketonomics/partitions';
import { decodeCursor, encodeCursor } from '@ticketonomics/persistence';
import type { AccountsRequest, AccountsResponse } from '../accounts.commands';
import { PARTITION, USER_ID_FACTORY } from '../accounts.tokens';
import { AccountsEventsEmitter } from '../events/accounts-events.emitter';
import { AccountsPeers } from '../partitions/accounts-peers';
import { AccountsStores } from '../store/accounts.stores';
import { requireActor, requireActorUser } from './actor.check';
import { hashMatches, newApiKey } from './api-key.secret';
import { toApiKey, type ApiKeyRow } from './api-keys.store';

/** A key's lastUsedAt is written at most this often, so verifying stays (almost always) a read. */
const LAST_USED_RESOLUTION_MS = 60_000;
/** Compared against when the key id is unknown, so an unknown key costs what a wrong secret does. */
const UNKNOWN_KEY_HASH = apiKeySecretHash('no such key');
/**
 * Ids made before one hashes to the partition: about `count` on average, so this many fail only by a bug.
 */
const KEY_ID_ATTEMPTS_PER_PARTITION = 64;
/** Ids sort below this, so it starts a newest-first page. */
const PAGE_START = '~';

/** Scopes stored and shown in one order, whatever order they were asked in. */
const canonicalScopes = (scopes: readonly ApiKeyScope[]): ApiKeyScope[] =>
  API_KEY_SCOPES.filter((scope) => scopes.includes(scope));

/**
 * API keys per community. Who may create or revoke them is the caller's business (the bot checks that the
 * member is a group admin; the CLI is an operator's): this service records who did it and makes sure the
 * key itself is never stored, logged or published.
 */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly stores: AccountsStores,
    private readonly events: AccountsEventsEmitter,
    @Inject(USER_ID_FACTORY) private readonly newId: () => string,
    private readonly peers: AccountsPeers,
    @Inject(PARTITION) private readonly partition: { index: number; count: number },
  ) {}

  /**
   * A new key, its secret shown in this answer only. With a requestId, a repeat creates nothing: the
   * secret cannot be shown again (only its hash was kept), so the answer is the key made first as it is
   * now, with `secret: null` and `repeated: true`; other content under the same id is IDEMPOTENCY_CONFLICT.
   */
  async create(request: AccountsRequest<'apiKeyCreate'>): Promise<AccountsResponse<'apiKeyCreate'>> {
    this.stores.communities.require(request.communityId);
    const repeat =
      request.requestId !== undefined &&
      this.stores.apiKeys.findByRequest(request.communityId, request.requestId) !== undefined;
    if (!repeat) await requireActorUser(this.peers, request.createdBy, 'createdBy');
    return this.stores.write(() => {
      this.stores.communities.require(request.communityId);
      const { apiKeys } = this.stores;
      const scopes = JSON.stringify(canonicalScopes(request.scopes));
      if (request.requestId !== undefined) {
        const earlier = apiKeys.findByRequest(request.communityId, request.requestId);
        if (earlier !== undefined) return repeatOf(earlier, request, scopes);
      }
      requireActor(this.stores, request.createdBy, 'createdBy', request.communityId);
      if (apiKeys.countActive(request.communityId) >= INTEGRATION_LIMITS.apiKeysActiveMax) {
        throw new DomainError(
          'LIMIT_EXCEEDED',
          `communityId: ${request.communityId} has ${INTEGRATION_LIMITS.apiKeysActiveMax} active API keys; revoke one first`,
          { field: 'communityId', limit: INTEGRATION_LIMITS.apiKeysActiveMax },
        );
      }
      const id = this.newKeyId();
      const made = newApiKey(id);
      const row = {
        id,
        communityId: request.communityId,
        name: request.name,
        scopes,
        prefix: made.prefix,
        secretHash: made.secretHash,
        rateLimitPerMinute: request.rateLimitPerMinute,
        createdAt: Date.now(),
        createdBy: request.createdBy,
        revokedAt: null,
        revokedBy: null,
        lastUsedAt: null,
        requestId: request.requestId ?? null,
      };
      apiKeys.insert(row);
      const apiKey = toApiKey(row);
      this.events.apiKeyCreated(apiKey);
      return { apiKey, secret: made.key, repeated: false };
    });
  }

  /**
   * A key id that hashes to this partition (partitionOf, as communities do), so apikey.verify, which names
   * the key alone, goes straight to its partition; keys made before are found by asking every partition.
   */
  private newKeyId(): string {
    const { index, count } = this.partition;
    for (let attempt = 0; attempt < KEY_ID_ATTEMPTS_PER_PARTITION * count; attempt += 1) {
      const id = this.newId();
      if (partitionOf(id, count) === index) return id;
    }
    throw new Error(
      `no API key id of partition ${index} of ${count} after ${KEY_ID_ATTEMPTS_PER_PARTITION * count} ids`,
    );
  }

  /** Idempotent: a revoked key is returned as it was first revoked. */
  async revoke(request: AccountsRequest<'apiKeyRevoke'>): Promise<ApiKey> {
    const known = this.stores.apiKeys.require(request.communityId, request.keyId);
    if (known.revokedAt === null) await requireActorUser(this.peers, request.revokedBy, 'revokedBy');
    return this.stores.write(() => {
      const { apiKeys } = this.stores;
      const existing = apiKeys.require(request.communityId, request.keyId);
      if (existing.revokedAt !== null) return toApiKey(existing);
      requireActor(this.stores, request.revokedBy, 'revokedBy', request.communityId);
      apiKeys.revoke(existing.id, Date.now(), request.revokedBy);
      const apiKey = toApiKey(apiKeys.require(request.communityId, request.keyId));
      this.events.apiKeyRevoked(apiKey);
      return apiKey;
    });
  }

  list(request: AccountsRequest<'apiKeyList'>): AccountsResponse<'apiKeyList'> {
    this.stores.communities.require(request.communityId);
    const limit = request.limit ?? PAGE_SIZE_DEFAULT;
    const before =
      request.cursor === undefined
        ? PAGE_START
        : decodeCursor(request.cursor, (key) => USER_ID_PATTERN.test(key));
    const rows = this.stores.apiKeys.page(request.communityId, request.includeRevoked, before, limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toApiKey),
      nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last.id) : null,
    };
  }

  /**
   * What a presented key may do, or UNAUTHENTICATED. The gateway sends the key's id and the hash of its
   * secret (never the key): an unknown id and a wrong hash get the same answer, so a caller learns nothing
   * about which part was wrong; a revoked key is said to be revoked only to a caller who holds its hash.
   */
  verify(request: AccountsRequest<'apiKeyVerify'>, now = Date.now()): AccountsResponse<'apiKeyVerify'> {
    const row = this.stores.apiKeys.find(request.keyId);
    const matches = hashMatches(request.secretHash, row?.secretHash ?? UNKNOWN_KEY_HASH);
    if (row === undefined || !matches) {
      throw new DomainError('UNAUTHENTICATED', 'secretHash: not a valid API key', {
        field: 'secretHash',
        reason: 'invalid',
      });
    }
    if (row.revokedAt !== null) {
      throw new DomainError('UNAUTHENTICATED', 'secretHash: this API key was revoked', {
        field: 'secretHash',
        reason: 'revoked',
        keyId: row.id,
      });
    }
    if (row.lastUsedAt === null || now - row.lastUsedAt >= LAST_USED_RESOLUTION_MS) {
      this.stores.write(() => this.stores.apiKeys.touch(row.id, now));
    }
    return {
      keyId: row.id,
      communityId: row.communityId,
      scopes: JSON.parse(row.scopes) as ApiKeyScope[],
      rateLimitPerMinute: row.rateLimitPerMinute,
    };
  }
}

/**
 * The answer to a repeated requestId: the key made first, if the request is the same one (scopes in any
 * order, the name as trimmed); otherwise IDEMPOTENCY_CONFLICT naming the first field that differs.
 */
function repeatOf(
  earlier: ApiKeyRow,
  request: AccountsRequest<'apiKeyCreate'>,
  scopes: string,
): AccountsResponse<'apiKeyCreate'> {
  const same: [field: string, same: boolean][] = [
    ['name', earlier.name === request.name],
    ['scopes', earlier.scopes === scopes],
    ['rateLimitPerMinute', earlier.rateLimitPerMinute === request.rateLimitPerMinute],
    ['createdBy', earlier.createdBy === request.createdBy],
  ];
  const differs = same.find(([, equal]) => !equal)?.[0];
  if (differs !== undefined) {
    throw new DomainError(
      'IDEMPOTENCY_CONFLICT',
      `requestId: ${request.requestId} already created the API key ${earlier.id} with another ${differs}; use a new requestId for a new key`,
      { field: differs, requestId: request.requestId, keyId: earlier.id },
    );
  }
  return { apiKey: toApiKey(earlier), secret: null, repeated: true };
}
