import { Inject, Injectable } from '@nestjs/common';
import {
  ApiKeyCommands,
  INTEGRATION_LIMITS,
  isDomainError,
  type ApiKey,
  type ApiKeyScope,
} from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import { InjectBot } from 'nestjs-telegraf';
import type { Logger } from 'pino';
import type { Telegraf } from 'telegraf';
import type { Message } from 'telegraf/types';
import { AdminCheckService } from '../admin/admin-check.service';
import { canWritePrivately, isForbidden } from '../bot/private-chat';
import { userError } from '../errors/user-facing.error';
import { LOGGER } from '../gateway.tokens';
import type { Messages } from '../i18n/messages.en';
import type { GroupChat, Member } from '../members/member';
import { OutgoingQueue } from '../outgoing/outgoing.queue';
import { commandArgs } from '../parsing/command-args.parser';
import { parseApiKeyArgs } from './api-key-args.parser';

/**
 * Keys /apikey list shows: a reply must stay under Telegram's 4096 characters, and a line can take about
 * 150 (a 64-character name, the scopes, the id and two dates).
 */
const KEYS_LISTED_MAX = 20;

/**
 * The idempotency key of a /apikey create: the same chat and message give the same key, so an update
 * Telegram delivers twice creates one key (the second time accounts answers the first key, secretless).
 */
export function apiKeyRequestId(chatId: number, messageId: number): string {
  return `tg-apikey:${chatId}:${messageId}`;
}

/**
 * /apikey for a group's Telegram admins: create, list and revoke the community's API keys in the accounts
 * service. A key's secret is never posted in the group: it goes to the admin in a private chat with the
 * bot, and a key whose secret could not be delivered is revoked at once, so no working key exists that
 * nobody saw.
 */
@Injectable()
export class ApiKeysService {
  constructor(
    @Inject(CommandClient) private readonly client: CommandClient,
    @Inject(AdminCheckService) private readonly admins: AdminCheckService,
    @Inject(OutgoingQueue) private readonly queue: OutgoingQueue,
    @InjectBot() private readonly bot: Telegraf,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle(
    admin: Member,
    chat: GroupChat,
    message: Message.TextMessage,
    botUsername: string,
    t: Messages,
  ): Promise<string> {
    if (!(await this.admins.isAdmin(chat.id, admin.telegramUserId))) throw userError('notAdmin');
    const parsed = parseApiKeyArgs(commandArgs(message.text));
    switch (parsed.action) {
      case 'create': {
        const requestId = apiKeyRequestId(chat.id, message.message_id);
        return this.create(admin, chat, requestId, parsed.name, parsed.scopes, botUsername, t);
      }
      case 'list':
        return this.list(admin.communityId, t);
      case 'revoke':
        return this.revoke(admin, parsed.keyId, t);
    }
  }

  /**
   * Checks first that the bot may write to the admin privately (Telegram refuses a chat action where it
   * refuses a message), so the usual refusal creates nothing. Should the message with the secret still
   * fail (the admin blocked the bot meanwhile, say), the key is revoked before the group hears of it.
   */
  private async create(
    admin: Member,
    chat: GroupChat,
    requestId: string,
    name: string,
    scopes: ApiKeyScope[],
    botUsername: string,
    t: Messages,
  ): Promise<string> {
    if (!(await canWritePrivately(this.bot, admin.telegramUserId))) {
      throw userError('apiKeyOpenPrivateChat', { bot: botUsername });
    }
    const created = await this.createKey(admin, requestId, name, scopes);
    const { apiKey } = created;
    const scopesText = apiKey.scopes.join(', ');
    // A redelivered command: its key exists and its secret went out (or it was withdrawn) the first time.
    if (created.secret === null) {
      return apiKey.revokedAt === null
        ? t.apiKeyAlreadyCreated({ name: apiKey.name, scopes: scopesText, keyId: apiKey.id })
        : t.apiKeyAlreadyRevoked({ name: apiKey.name, keyId: apiKey.id });
    }
    try {
      await this.queue.enqueue({
        chatId: admin.telegramUserId,
        chatKind: 'private',
        text: t.apiKeyPrivate({
          name: apiKey.name,
          group: chat.title,
          scopes: scopesText,
          key: created.secret,
          keyId: apiKey.id,
        }),
      });
    } catch (error) {
      return this.withdraw(apiKey, admin, error, botUsername, t);
    }
    return t.apiKeySent({ name: apiKey.name, scopes: scopesText, keyId: apiKey.id });
  }

  private async createKey(admin: Member, requestId: string, name: string, scopes: ApiKeyScope[]) {
    try {
      return await this.client.request(ApiKeyCommands.apiKeyCreate, {
        requestId,
        communityId: admin.communityId,
        name,
        scopes,
        createdBy: admin.userId,
      });
    } catch (error) {
      if (isDomainError(error) && error.code === 'LIMIT_EXCEEDED') {
        throw userError('apiKeyLimit', { max: INTEGRATION_LIMITS.apiKeysActiveMax });
      }
      throw error;
    }
  }

  /** A key whose secret did not reach the admin is revoked, so nobody holds a working key unknown to all. */
  private async withdraw(
    apiKey: ApiKey,
    admin: Member,
    sendError: unknown,
    botUsername: string,
    t: Messages,
  ): Promise<string> {
    try {
      await this.client.request(ApiKeyCommands.apiKeyRevoke, {
        communityId: apiKey.communityId,
        keyId: apiKey.id,
        revokedBy: admin.userId,
      });
    } catch (error) {
      this.logger.error(
        { err: error, keyId: apiKey.id, communityId: apiKey.communityId },
        'an API key whose secret was not delivered could not be revoked',
      );
      return t.apiKeyNotWithdrawn({ keyId: apiKey.id });
    }
    return isForbidden(sendError) ? t.apiKeyOpenPrivateChat({ bot: botUsername }) : t.apiKeyNotDelivered;
  }

  private async list(communityId: string, t: Messages): Promise<string> {
    const page = await this.client.request(ApiKeyCommands.apiKeyList, {
      communityId,
      limit: KEYS_LISTED_MAX,
    });
    if (page.items.length === 0) return t.apiKeyListEmpty;
    const lines = page.items.map((key) =>
      t.apiKeyListLine({
        name: key.name,
        scopes: key.scopes.join(', '),
        keyId: key.id,
        created: dayOf(key.createdAt),
        used: key.lastUsedAt === null ? null : dayOf(key.lastUsedAt),
      }),
    );
    const more = page.nextCursor === null ? [] : [t.apiKeyListMore];
    return [t.apiKeyListHeader({ count: page.items.length }), ...lines, ...more].join('\n');
  }

  private async revoke(admin: Member, keyId: string, t: Messages): Promise<string> {
    try {
      const key = await this.client.request(ApiKeyCommands.apiKeyRevoke, {
        communityId: admin.communityId,
        keyId,
        revokedBy: admin.userId,
      });
      return t.apiKeyRevoked({ name: key.name, keyId: key.id });
    } catch (error) {
      // The accounts service looks the key up within this community: another group's key is not found.
      if (isDomainError(error) && error.code === 'NOT_FOUND') throw userError('apiKeyNotFound', { keyId });
      throw error;
    }
  }
}

/** The UTC day of an ISO time, as the list shows dates. */
function dayOf(isoTime: string): string {
  return isoTime.slice(0, 10);
}
