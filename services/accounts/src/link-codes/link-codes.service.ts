import { Injectable } from '@nestjs/common';
import { DomainError, LINK_CODE_LIMITS, type LinkCodeIssued, type User } from '@ticketonomics/contracts';
import { AccountsEventsEmitter } from '../events/accounts-events.emitter';
import { AccountsPeers } from '../partitions/accounts-peers';
import { AccountsGlobalStores } from '../store/accounts-global.stores';
import type { AccountsRequest } from '../accounts.commands';
import { hashLinkCode, newLinkCode } from './link-code.secret';

/** New codes tried when one collides with a code still kept (about one in 2^40 per kept code). */
const CODE_ATTEMPTS_MAX = 5;

type Redemption = { user: User } | { refusal: DomainError };

/**
 * One-time codes that prove a game identity may be linked to a user: the user asks for one (through the
 * bot, which vouches for their Telegram identity), gives it to the game, and the game redeems it with the
 * player's identity. A key holder alone can therefore link nothing to anyone, not even to themselves
 * without the bot.
 *
 * Codes, the identities they link and the wrong codes counted per community all live in the global
 * partition, so a redemption is one transaction there: only whether the code's user is an active member is
 * asked of the community's partition, before it.
 */
@Injectable()
export class LinkCodesService {
  constructor(
    private readonly stores: AccountsGlobalStores,
    private readonly events: AccountsEventsEmitter,
    private readonly peers: AccountsPeers,
  ) {}

  create(request: AccountsRequest<'linkCodeCreate'>, now = Date.now()): LinkCodeIssued {
    return this.stores.write(() => {
      const { linkCodes, users } = this.stores;
      users.require(request.userId);
      if (
        linkCodes.countPendingOtherThan(request.userId, request.provider, now) >=
        LINK_CODE_LIMITS.pendingPerUserMax
      ) {
        throw new DomainError(
          'LIMIT_EXCEEDED',
          `userId: ${LINK_CODE_LIMITS.pendingPerUserMax} link codes for other providers are waiting already; use one, or wait until they expire`,
          { field: 'userId', limit: LINK_CODE_LIMITS.pendingPerUserMax },
        );
      }
      linkCodes.clear(request.userId, request.provider, now);
      const expiresAt = now + LINK_CODE_LIMITS.ttlMs;
      for (let attempt = 0; attempt < CODE_ATTEMPTS_MAX; attempt += 1) {
        const code = newLinkCode();
        const codeHash = hashLinkCode(code);
        if (linkCodes.find(codeHash) !== undefined) continue;
        linkCodes.insert({
          codeHash,
          userId: request.userId,
          provider: request.provider,
          createdAt: now,
          expiresAt,
          usedAt: null,
          usedExternalId: null,
          usedCommunityId: null,
        });
        return {
          code,
          userId: request.userId,
          provider: request.provider,
          expiresAt: new Date(expiresAt).toISOString(),
        };
      }
      throw new Error(`no free link code after ${CODE_ATTEMPTS_MAX} attempts`);
    });
  }

  /**
   * Links the identity to the code's user. A wrong code is recorded against the community in the same
   * transaction that finds it wrong, so concurrent guesses are all counted; past the limit the community's
   * redemptions are refused before any code is looked at.
   */
  async redeem(request: AccountsRequest<'linkCodeRedeem'>, now = Date.now()): Promise<User> {
    const codeHash = hashLinkCode(request.code);
    const candidate = this.limited(request.communityId, now)
      ? undefined
      : this.stores.linkCodes.find(codeHash);
    // A membership asked for a code that turns out unusable changes nothing: the transaction decides.
    const member =
      candidate === undefined || candidate.provider !== request.provider
        ? undefined
        : await this.peers.findMembership(request.communityId, candidate.userId);
    const outcome = this.stores.write((): Redemption => {
      const { linkCodes, users } = this.stores;
      const windowStart = now - LINK_CODE_LIMITS.failureWindowMs;
      const failures = linkCodes.failuresSince(request.communityId, windowStart);
      if (failures.count >= LINK_CODE_LIMITS.failuresPerCommunityMax) {
        throw tooManyFailures(request.communityId, failures.oldestAt ?? now, now);
      }
      const row = linkCodes.find(codeHash);
      const membership = row === undefined || row.userId !== member?.userId ? undefined : member;
      const usable =
        row !== undefined &&
        row.provider === request.provider &&
        row.expiresAt > now &&
        (row.usedAt === null ||
          (row.usedExternalId === request.externalId && row.usedCommunityId === request.communityId)) &&
        membership?.status === 'active';
      if (!usable) {
        linkCodes.recordFailure(request.communityId, now, LINK_CODE_LIMITS.failureWindowMs);
        return { refusal: invalidCode(request.provider) };
      }
      const user = users.require(row.userId);
      // Kept in the redeeming community: another community's link of the same player id is its own.
      const holder = users.findIdentity(request);
      if (holder !== undefined && holder.userId !== row.userId) {
        throw new DomainError(
          'CONFLICT',
          `externalId: the ${request.provider} identity ${request.externalId} already belongs to another user of this community (its game registered or linked it); an identity belongs to one user of a community (the code stays valid for another identity)`,
          { field: 'externalId', provider: request.provider, externalId: request.externalId },
        );
      }
      if (row.usedAt === null) linkCodes.markUsed(row.codeHash, now, request.externalId, request.communityId);
      if (holder === undefined) {
        users.link({
          communityId: request.communityId,
          provider: request.provider,
          externalId: request.externalId,
          userId: row.userId,
          linkedAt: now,
        });
        const view = users.view(user);
        this.events.identityLinked(view, {
          provider: request.provider,
          externalId: request.externalId,
          communityId: request.communityId,
          linkedAt: new Date(now).toISOString(),
        });
        return { user: view };
      }
      return { user: users.view(user) };
    });
    if ('refusal' in outcome) throw outcome.refusal;
    return outcome.user;
  }

  /** Whether the community's wrong codes reached the limit (the transaction says so with its own error). */
  private limited(communityId: string, now: number): boolean {
    const failures = this.stores.linkCodes.failuresSince(communityId, now - LINK_CODE_LIMITS.failureWindowMs);
    return failures.count >= LINK_CODE_LIMITS.failuresPerCommunityMax;
  }
}

function invalidCode(provider: string): DomainError {
  return new DomainError(
    'LINK_CODE_INVALID',
    `code: not a valid ${provider} link code of a member of this community (mistyped, expired, used or never given); the member sends /link ${provider} to the bot for a new one`,
    { field: 'code', provider },
  );
}

function tooManyFailures(communityId: string, oldestAt: number, now: number): DomainError {
  const retryAfterMs = Math.max(0, oldestAt + LINK_CODE_LIMITS.failureWindowMs - now);
  return new DomainError(
    'RATE_LIMITED',
    `code: ${communityId} sent ${LINK_CODE_LIMITS.failuresPerCommunityMax} wrong link codes within ${LINK_CODE_LIMITS.failureWindowMs / 60_000} minutes; wait before redeeming again`,
    {
      field: 'code',
      reason: 'link_code_failures',
      retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)),
    },
  );
}
