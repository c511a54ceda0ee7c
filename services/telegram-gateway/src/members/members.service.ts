import { Inject, Injectable } from '@nestjs/common';
import {
  AccountsCommands,
  DISPLAY_NAME_LENGTH_MAX,
  isDomainError,
  LanguageSchema,
  ledgerAccountId,
  PROVIDER_TELEGRAM,
  telegramCommunityId,
  type MembershipEnsured,
  type User as AccountsUser,
} from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import type { User as TelegramUser } from 'telegraf/types';
import { languageOf } from '../i18n/catalogue';
import type { GroupChat, Member } from './member';
import { TtlCache } from './ttl-cache';

/**
 * How long a member stays "ensured": one membership.ensure request per member per minute, not per
 * message. Profile changes (a new @username, a new chat title) reach the accounts service within it.
 */
const MEMBER_CACHE_TTL_MS = 60_000;
/**
 * How long an @username keeps naming the member it named: a warm `/pay @bob` asks nobody before the
 * payment. A member who leaves is forgotten at once; a username moving to someone else is seen within it.
 */
const USERNAME_CACHE_TTL_MS = 60_000;
const COMMUNITY_CACHE_TTL_MS = 10 * 60_000;
const CACHE_ENTRIES_MAX = 10_000;

export function communityIdOfChat(chatId: number): string {
  return telegramCommunityId(String(chatId));
}

export function displayNameOf(user: TelegramUser): string {
  const name = [user.first_name, user.last_name].filter(Boolean).join(' ').trim();
  return (name === '' ? `user ${user.id}` : name).slice(0, DISPLAY_NAME_LENGTH_MAX);
}

/** The member an @username names in a community, as the payment's recipient. */
export interface NamedMember {
  userId: string;
  accountId: string;
  label: string;
}

/**
 * Who is a member is the accounts service's to say: a Telegram user writing in a chat is made a member of
 * its community by one membership.ensure request (community, user and membership in one transaction).
 * Their ledger account id is derived, and the ledger opens it the first time money moves to or from it,
 * so nothing is asked of the ledger here.
 */
@Injectable()
export class MembersService {
  private readonly members = new TtlCache<Member>(MEMBER_CACHE_TTL_MS, CACHE_ENTRIES_MAX);
  private readonly usernames = new TtlCache<NamedMember>(USERNAME_CACHE_TTL_MS, CACHE_ENTRIES_MAX);
  private readonly communities = new TtlCache<true>(COMMUNITY_CACHE_TTL_MS, CACHE_ENTRIES_MAX);

  constructor(@Inject(CommandClient) private readonly client: CommandClient) {}

  async ensureMember(chat: GroupChat, from: TelegramUser): Promise<Member> {
    const key = memberKey(chat.id, from.id);
    const cached = this.members.get(key);
    if (cached !== undefined) return cached;
    const language = LanguageSchema.safeParse(from.language_code);
    const ensured = await this.client.request(AccountsCommands.membershipEnsure, {
      community: { telegramChatId: String(chat.id), title: titleOf(chat) },
      user: {
        identity: { provider: PROVIDER_TELEGRAM, externalId: String(from.id) },
        username: from.username ?? null,
        displayName: displayNameOf(from),
        ...(language.success ? { language: language.data } : {}),
      },
    });
    const member: Member = {
      communityId: ensured.communityId,
      userId: ensured.user.id,
      accountId: ensured.accountId,
      telegramUserId: from.id,
      label: labelOf(ensured.user),
      displayName: ensured.user.displayName,
      username: ensured.user.username,
      language: languageOf(from.language_code),
    };
    this.members.set(key, member);
    this.communities.set(ensured.communityId, true);
    this.rememberUsername(ensured);
    return member;
  }

  /**
   * The active member of a chat's community with an @username (NOT_FOUND from accounts when there is
   * none), remembered for a minute.
   */
  async memberByUsername(chat: GroupChat, username: string): Promise<NamedMember> {
    const communityId = communityIdOfChat(chat.id);
    const key = usernameKey(communityId, username);
    const cached = this.usernames.get(key);
    if (cached !== undefined) return cached;
    const user = await this.client.request(AccountsCommands.userLookup, { communityId, username });
    const named = {
      userId: user.id,
      accountId: ledgerAccountId('user', communityId, user.id),
      label: labelOf(user),
    };
    this.usernames.set(key, named);
    return named;
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
    const communityId = communityIdOfChat(chat.id);
    this.forget(chat.id, user.id);
    try {
      const known = await this.client.request(AccountsCommands.userFind, {
        provider: PROVIDER_TELEGRAM,
        externalId: String(user.id),
      });
      this.usernames.deleteIf((key, named) => key.startsWith(`${communityId}:`) && named.userId === known.id);
      await this.client.request(AccountsCommands.membershipLeave, { communityId, userId: known.id });
    } catch (error) {
      if (isDomainError(error) && error.code === 'NOT_FOUND') return;
      throw error;
    } finally {
      // A command of theirs racing this one must not leave a stale "ensured" entry behind.
      this.forget(chat.id, user.id);
    }
  }

  /** The chat's community, created or retitled (when the bot is added, before anyone writes). */
  async ensureCommunity(chat: GroupChat): Promise<string> {
    const communityId = communityIdOfChat(chat.id);
    if (this.communities.get(communityId) === undefined) {
      await this.client.request(AccountsCommands.communityUpsert, {
        telegramChatId: String(chat.id),
        title: titleOf(chat),
      });
      this.communities.set(communityId, true);
    }
    return communityId;
  }

  private forget(chatId: number, telegramUserId: number): void {
    const member = this.members.get(memberKey(chatId, telegramUserId));
    this.members.delete(memberKey(chatId, telegramUserId));
    if (member?.username !== null && member?.username !== undefined) {
      this.usernames.delete(usernameKey(member.communityId, member.username));
    }
  }

  /** A member just ensured is who their @username names now, whoever it named before. */
  private rememberUsername(ensured: MembershipEnsured): void {
    if (ensured.user.username === null) return;
    this.usernames.set(usernameKey(ensured.communityId, ensured.user.username), {
      userId: ensured.user.id,
      accountId: ensured.accountId,
      label: labelOf(ensured.user),
    });
  }
}

export function labelOf(user: Pick<AccountsUser, 'username' | 'displayName'>): string {
  return user.username === null ? user.displayName : `@${user.username}`;
}

function memberKey(chatId: number, telegramUserId: number): string {
  return `${chatId}:${telegramUserId}`;
}

/** Usernames are case-insensitive, and accepted with or without the '@'. */
function usernameKey(communityId: string, username: string): string {
  return `${communityId}:${username.replace(/^@/, '').toLowerCase()}`;
}

function titleOf(chat: GroupChat): string {
  return chat.title.trim() === '' ? `Chat ${chat.id}` : chat.title;
}
