import { Inject, Injectable } from '@nestjs/common';
import {
  AccountsCommands,
  CommunityIdSchema,
  DomainError,
  PROVIDER_TELEGRAM,
  USER_MEMBERSHIPS_MAX,
  type User,
} from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { API_GATEWAY_CONFIG } from '../api-gateway.tokens';
import type { ApiGatewayConfig } from '../config/api-gateway.config';
import type { AppSessions, AppSessionView, LoginWidgetBody, MemberPrincipal } from '../http/route';
import { SignInReplays } from './sign-in.replays';
import { signSessionToken, verifySessionToken, type SessionClaims } from './session.token';
import { verifyInitData } from './telegram-init-data';
import { verifyLoginWidget } from './telegram-login-widget';
import type { SignInRefusal } from './telegram-signature';

const BEARER = /^Bearer[ ]+(\S+)\s*$/i;

/** What each refusal of a Telegram sign-in tells the caller (401; details.reason). */
const REFUSALS: Record<SignInRefusal, { reason: 'invalid' | 'expired'; message: string }> = {
  malformed: {
    reason: 'invalid',
    message: 'the Telegram sign-in data is malformed; send it as Telegram gave it',
  },
  bad_hash: {
    reason: 'invalid',
    message: "the Telegram sign-in's signature does not match this bot; open the wallet from the bot again",
  },
  expired: {
    reason: 'expired',
    message: 'the Telegram sign-in is too old; open the wallet from the bot again',
  },
  future: {
    reason: 'invalid',
    message: "the Telegram sign-in's auth_date is in the future; check the clock",
  },
};

interface SignInSettings {
  botToken: string;
  secret: string;
}

/**
 * The wallet's sessions: a verified Telegram sign-in, accepted once, becomes a signed token bound to the
 * accounts user of that Telegram user; the token authenticates the /v1/app routes, and the member acts only
 * in communities they are an active member of, checked on every request.
 */
@Injectable()
export class AppSessionService implements AppSessions {
  constructor(
    private readonly commands: CommandClient,
    private readonly replays: SignInReplays,
    @Inject(API_GATEWAY_CONFIG) private readonly config: ApiGatewayConfig,
  ) {}

  async signInWebApp(body: { initData: string; communityId?: string | undefined }): Promise<AppSessionView> {
    const settings = this.settings();
    const check = verifyInitData(body.initData, {
      botToken: settings.botToken,
      maxAgeMs: this.config.APP_AUTH_MAX_AGE_MS,
      nowMs: Date.now(),
    });
    if (!check.ok) throw refused(check.refusal, 'initData');
    if (!(await this.replays.firstUse('webapp', check.value.hash))) throw replayed('initData');
    const user = await this.telegramUser(check.value.telegramUserId, 'initData');
    return this.issue(settings, user, check.value.telegramUserId, body.communityId ?? check.value.startParam);
  }

  async signInLoginWidget(body: LoginWidgetBody): Promise<AppSessionView> {
    const settings = this.settings();
    const { communityId, ...payload } = body;
    const check = verifyLoginWidget(payload, {
      botToken: settings.botToken,
      maxAgeMs: this.config.APP_AUTH_MAX_AGE_MS,
      nowMs: Date.now(),
    });
    if (!check.ok) throw refused(check.refusal, 'hash');
    if (!(await this.replays.firstUse('login', check.value.hash))) throw replayed('hash');
    const user = await this.telegramUser(check.value.telegramUserId, 'id');
    return this.issue(settings, user, check.value.telegramUserId, communityId ?? null);
  }

  async refresh(member: MemberPrincipal, communityId: string | undefined): Promise<AppSessionView> {
    const settings = this.settings();
    const user = await this.commands.request(AccountsCommands.userGet, { userId: member.userId });
    return this.issue(settings, user, member.telegramUserId, communityId ?? null, {
      sid: member.sessionId,
      max: Date.parse(member.sessionExpiresAt),
    });
  }

  /** The member a request's session token names; 401 without a valid, unexpired one. */
  authenticate(request: IncomingMessage): MemberPrincipal {
    const secret = this.config.APP_SESSION_SECRET;
    const authorization = request.headers.authorization;
    if (authorization === undefined) {
      throw new DomainError(
        'UNAUTHENTICATED',
        'missing session: sign in (POST /v1/app/sessions/telegram-webapp) and send Authorization: Bearer <token>',
        { reason: 'missing' },
      );
    }
    const token = BEARER.exec(authorization)?.[1] ?? '';
    if (token.startsWith('tk_')) {
      throw new DomainError(
        'UNAUTHENTICATED',
        "the wallet's routes take a member's session token, not an API key: sign in first",
        { reason: 'invalid' },
      );
    }
    const check =
      secret === undefined
        ? ({ ok: false, refusal: 'invalid' } as const)
        : verifySessionToken(token, secret, Date.now());
    if (!check.ok) {
      throw new DomainError(
        'UNAUTHENTICATED',
        check.refusal === 'expired'
          ? 'the session expired: refresh it before expiresAt, or sign in again'
          : 'not a valid session token: sign in again',
        { reason: check.refusal },
      );
    }
    return principalOf(check.claims);
  }

  /** 403 unless the member is an active member of the community (another user's community included). */
  async requireMembership(member: MemberPrincipal, communityId: string): Promise<void> {
    const status = await this.membershipStatus(member.userId, communityId);
    if (status === null || status.status !== 'active') {
      throw new DomainError('FORBIDDEN', `you are not a member of community ${communityId}`, {
        reason: 'community',
        field: 'communityId',
        in: 'path',
      });
    }
  }

  private settings(): SignInSettings {
    const { TELEGRAM_BOT_TOKEN: botToken, APP_SESSION_SECRET: secret } = this.config;
    if (botToken === undefined || secret === undefined) {
      throw new DomainError(
        'UNAVAILABLE',
        "the wallet's sign-in is not configured on this gateway (TELEGRAM_BOT_TOKEN and APP_SESSION_SECRET)",
        { state: 'not_configured' },
      );
    }
    return { botToken, secret };
  }

  private async telegramUser(telegramUserId: string, field: string): Promise<User> {
    try {
      return await this.commands.request(AccountsCommands.userFind, {
        provider: PROVIDER_TELEGRAM,
        externalId: telegramUserId,
      });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'NOT_FOUND') {
        throw new DomainError(
          'NOT_FOUND',
          "this Telegram user is not a member yet: write in your community's group (or send /start to the bot) first",
          { field, in: 'body' },
        );
      }
      throw error;
    }
  }

  private async membershipStatus(userId: string, communityId: string) {
    try {
      return await this.commands.request(AccountsCommands.membershipGet, { communityId, userId });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  /**
   * The member's active communities, each asked of its own partition; the one the sign-in named comes
   * first and is checked on its own as well, so a member of more than USER_MEMBERSHIPS_MAX still opens it.
   */
  private async communitiesOf(
    userId: string,
    communityId: string | null,
  ): Promise<{ communities: AppSessionView['communities']; complete: boolean }> {
    const listed = await this.commands.request(AccountsCommands.userMemberships, {
      userId,
      limit: USER_MEMBERSHIPS_MAX,
    });
    const communities = listed.items.map(({ communityId: id, title, role }) => ({
      communityId: id,
      title,
      role,
    }));
    // start_param is whatever the link carried: a community id or nothing the wallet knows.
    if (
      communityId !== null &&
      CommunityIdSchema.safeParse(communityId).success &&
      !communities.some((community) => community.communityId === communityId)
    ) {
      const membership = await this.membershipStatus(userId, communityId);
      if (membership !== null && membership.status === 'active') {
        const community = await this.commands.request(AccountsCommands.communityGet, { communityId });
        communities.unshift({ communityId, title: community.title, role: membership.role });
      }
    }
    return { communities, complete: listed.complete };
  }

  private async issue(
    settings: SignInSettings,
    user: User,
    telegramUserId: string,
    communityId: string | null,
    session?: { sid: string; max: number },
  ): Promise<AppSessionView> {
    const nowMs = Date.now();
    const max = session?.max ?? nowMs + this.config.APP_SESSION_MAX_LIFETIME_MS;
    const claims: SessionClaims = {
      sid: session?.sid ?? randomBytes(16).toString('base64url'),
      uid: user.id,
      tg: telegramUserId,
      exp: Math.min(nowMs + this.config.APP_SESSION_TTL_MS, max),
      max,
    };
    const { communities, complete } = await this.communitiesOf(user.id, communityId);
    const named = communities.find((community) => community.communityId === communityId);
    return {
      token: signSessionToken(claims, settings.secret),
      tokenType: 'Bearer',
      expiresAt: new Date(claims.exp).toISOString(),
      sessionExpiresAt: new Date(claims.max).toISOString(),
      user: { id: user.id, displayName: user.displayName, username: user.username, language: user.language },
      communityId: named?.communityId ?? (communities.length === 1 ? communities[0]!.communityId : null),
      communities,
      communitiesComplete: complete,
    };
  }
}

function principalOf(claims: SessionClaims): MemberPrincipal {
  return {
    userId: claims.uid,
    sessionId: claims.sid,
    telegramUserId: claims.tg,
    expiresAt: new Date(claims.exp).toISOString(),
    sessionExpiresAt: new Date(claims.max).toISOString(),
  };
}

function refused(refusal: SignInRefusal, field: string): DomainError {
  const { reason, message } = REFUSALS[refusal];
  return new DomainError('UNAUTHENTICATED', message, { reason, field, in: 'body' });
}

function replayed(field: string): DomainError {
  return new DomainError(
    'UNAUTHENTICATED',
    'this Telegram sign-in was used already: each is exchanged once; open the wallet from the bot again',
    { reason: 'replayed', field, in: 'body' },
  );
}
