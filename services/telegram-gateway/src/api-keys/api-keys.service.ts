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
import { canWritePrivately, isForbidden } from '../bot/private-chat';
import { userError } from '../errors/user-facing.error';
import { LOGGER } from '../gateway.tokens';
import type { Member } from '../members/member';
import { OutgoingQueue } from '../outgoing/outgoing.queue';

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
 * What /apikey create did: `sent` (the secret went privately), `again` (a redelivered command: the key
 * exists and its secret went out, or it was withdrawn, the first time), or the secret did not reach the
 * admin and the key was revoked (`privateChatClosed`, `notDelivered`) or could not be (`notWithdrawn`).
 */
export interface ApiKeyCreation {
  kind: 'sent' | 'again' | 'privateChatClosed' | 'notDelivered' | 'notWithdrawn';
  apiKey: ApiKey;
}

export interface ApiKeyOrder {
  requestId: string;
  name: string;
  scopes: ApiKeyScope[];
  /** The private message with the secret, in the admin's language. */
  privateText(apiKey: ApiKey, secret: string): string;
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
    @Inject(OutgoingQueue) private readonly queue: OutgoingQueue,
    @InjectBot() private readonly bot: Telegraf,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Checks first that the bot may write to the admin privately (Telegram refuses a chat action where it
   * refuses a message), so the usual refusal creates nothing (`botUsername` names the chat to open).
   * Should the message with the secret still fail (the admin blocked the bot meanwhile, say), the key is
   * revoked before the group hears of it.
   */
  async create(admin: Member, order: ApiKeyOrder, botUsername: string): Promise<ApiKeyCreation> {
    if (!(await canWritePrivately(this.bot, admin.telegramUserId))) {
      throw userError('apiKeyOpenPrivateChat', { bot: botUsername });
    }
    const created = await this.createKey(admin, order);
    const { apiKey } = created;
    if (created.secret === null) return { kind: 'again', apiKey };
    try {
      await this.queue.enqueue({
        chatId: admin.telegramUserId,
        chatKind: 'private',
        text: order.privateText(apiKey, created.secret),
      });
    } catch (error) {
      return this.withdraw(apiKey, admin, error);
    }
    return { kind: 'sent', apiKey };
  }

  /** The community's active keys, at most KEYS_LISTED_MAX; `more` when there are others. */
  async list(communityId: string): Promise<{ keys: ApiKey[]; more: boolean }> {
    const page = await this.client.request(ApiKeyCommands.apiKeyList, {
      communityId,
      limit: KEYS_LISTED_MAX,
    });
    return { keys: page.items, more: page.nextCursor !== null };
  }

  async revoke(admin: Member, keyId: string): Promise<ApiKey> {
    try {
      return await this.client.request(ApiKeyCommands.apiKeyRevoke, {
        communityId: admin.communityId,
        keyId,
        revokedBy: admin.userId,
      });
    } catch (error) {
      // The accounts service looks the key up within this community: another group's key is not found.
      if (isDomainError(error) && error.code === 'NOT_FOUND') throw userError('apiKeyNotFound', { keyId });
      throw error;
    }
  }

  private async createKey(admin: Member, order: ApiKeyOrder) {
    try {
      return await this.client.request(ApiKeyCommands.apiKeyCreate, {
        requestId: order.requestId,
        communityId: admin.communityId,
        name: order.name,
        scopes: order.scopes,
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
  private async withdraw(apiKey: ApiKey, admin: Member, sendError: unknown): Promise<ApiKeyCreation> {
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
      return { kind: 'notWithdrawn', apiKey };
    }
    return { kind: isForbidden(sendError) ? 'privateChatClosed' : 'notDelivered', apiKey };
  }
}
