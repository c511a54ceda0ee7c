import { Inject, Injectable } from '@nestjs/common';
import {
  AccountsCommands,
  DISPLAY_NAME_LENGTH_MAX,
  isDomainError,
  LanguageSchema,
  LedgerCommands,
  ledgerAccountId,
  PROVIDER_TELEGRAM,
  telegramCommunityId,
  type User as AccountsUser,
} from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import type { User as TelegramUser } from 'telegraf/types';
import { languageOf } from '../i18n/catalogue';
import type { GroupChat, Member } from './member';
import { TtlCache } from './ttl-cache';

/**
 * How long a member stays "ensured": their user, community, membership and ledger account exist, so a
 * chatty member costs four idempotent requests per minute, not per message. Profile changes (a new
 * @username) reach the accounts service within this time.
 */
const MEMBER_CACHE_TTL_MS = 60_000;
const COMMUNITY_CACHE_TTL_MS = 10 * 60_000;
const ACCOUNT_CACHE_TTL_MS = 10 * 60_000;
const CACHE_ENTRIES_MAX = 10_000;

export function communityIdOfChat(chatId: number): string {
  return telegramCommunityId(String(chatId));
}

export function displayNameOf(user: TelegramUser): string {
  const name = [user.first_name, user.last_name].filter(Boolean).join(' ').trim();
  return (name === '' ? `user ${user.id}` : name).slice(0, DISPLAY_NAME_LENGTH_MAX);
}

/** Makes sure a Telegram user is a member of a chat's community with a ledger account (all idempotent). */
@Injectable()
export class MembersService {
  private readonly members = new TtlCache<Member>(MEMBER_CACHE_TTL_MS, CACHE_ENTRIES_MAX);
  private readonly communities = new TtlCache<true>(COMMUNITY_CACHE_TTL_MS, CACHE_ENTRIES_MAX);
  private readonly accounts = new TtlCache<string>(ACCOUNT_CACHE_TTL_MS, CACHE_ENTRIES_MAX);

  constructor(@Inject(CommandClient) private readonly client: CommandClient) {}

  async ensureMember(chat: GroupChat, from: TelegramUser): Promise<Member> {
    const key = `${chat.id}:${from.id}`;
    const cached = this.members.get(key);
    if (cached !== undefined) return cached;
    const communityId = await this.ensureCommunity(chat);
    const user = await this.ensureUser(from);
    await this.client.request(AccountsCommands.membershipJoin, { communityId, userId: user.id });
    const accountId = await this.ensureAccount(communityId, user.id);
    const member: Member = {
      communityId,
      userId: user.id,
      accountId,
      telegramUserId: from.id,
      label: labelOf(user),
      displayName: user.displayName,
      username: user.username,
      language: languageOf(from.language_code),
    };
    this.members.set(key, member);
    return member;
  }

  /** The user of a Telegram account, created or with its profile brought up to date (idempotent). */
  async ensureUser(from: TelegramUser): Promise<AccountsUser> {
    const language = LanguageSchema.safeParse(from.language_code);
    return this.client.request(AccountsCommands.userUpsert, {
      identity: { provider: PROVIDER_TELEGRAM, externalId: String(from.id) },
      username: from.username ?? null,
      displayName: displayNameOf(from),
      ...(language.success ? { language: language.data } : {}),
    });
  }

  /**
   * A member left the chat (Telegram's left_chat_member): their membership ends, their tickets stay. One
   * the accounts service never knew is nothing to do.
   */
  async leave(chat: GroupChat, user: TelegramUser): Promise<void> {
    this.members.delete(`${chat.id}:${user.id}`);
    try {
      const known = await this.client.request(AccountsCommands.userFind, {
        provider: PROVIDER_TELEGRAM,
        externalId: String(user.id),
      });
      await this.client.request(AccountsCommands.membershipLeave, {
        communityId: communityIdOfChat(chat.id),
        userId: known.id,
      });
    } catch (error) {
      if (isDomainError(error) && error.code === 'NOT_FOUND') return;
      throw error;
    } finally {
      // A command of theirs racing this one must not leave a stale "ensured" entry behind.
      this.members.delete(`${chat.id}:${user.id}`);
    }
  }

  /**
   * The member's ledger account. The ledger opens it by itself from the membership event; opening it here
   * too (idempotent) keeps the bot working before that event arrives.
   */
  async ensureAccount(communityId: string, userId: string): Promise<string> {
    const key = `${communityId}:${userId}`;
    const cached = this.accounts.get(key);
    if (cached !== undefined) return cached;
    try {
      const account = await this.client.request(LedgerCommands.accountOpen, {
        communityId,
        kind: 'user',
        ownerId: userId,
      });
      this.accounts.set(key, account.id);
      return account.id;
    } catch (error) {
      // Account ids are derived, so a member is still known while the ledger is away: rewards are decided
      // by accounts and minted by the ledger when it returns, and commands that need the ledger say it is
      // unavailable on their own. Not cached, so the next command opens the account for real.
      if (isDomainError(error) && error.code === 'UNAVAILABLE')
        return ledgerAccountId('user', communityId, userId);
      throw error;
    }
  }

  async ensureCommunity(chat: GroupChat): Promise<string> {
    const communityId = communityIdOfChat(chat.id);
    if (this.communities.get(communityId) === undefined) {
      await this.client.request(AccountsCommands.communityUpsert, {
        telegramChatId: String(chat.id),
        title: chat.title.trim() === '' ? `Chat ${chat.id}` : chat.title,
      });
      this.communities.set(communityId, true);
    }
    return communityId;
  }
}

export function labelOf(user: Pick<AccountsUser, 'username' | 'displayName'>): string {
  return user.username === null ? user.displayName : `@${user.username}`;
}
