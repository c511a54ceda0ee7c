import { Inject, Injectable } from '@nestjs/common';
import { AccountsCommands, isDomainError, LINK_CODE_LIMITS } from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import { InjectBot } from 'nestjs-telegraf';
import type { Telegraf } from 'telegraf';
import { canWritePrivately, isForbidden } from '../bot/private-chat';
import { userError } from '../errors/user-facing.error';
import type { Member } from '../members/member';
import { OutgoingQueue } from '../outgoing/outgoing.queue';

/** How long a link code lasts, as the replies say it. */
export const CODE_MINUTES = LINK_CODE_LIMITS.ttlMs / 60_000;

/** What /link in a group did with the code: sent privately, or it reached nobody (and simply expires). */
export type LinkDelivery = 'sent' | 'privateChatClosed' | 'notDelivered';

/**
 * /link <game>: a one-time code with which a game links the member's player there to them. The bot is what
 * vouches for the member (their Telegram account), so the code goes only to them, in a private chat: sent
 * in a group, the command answers there that the code went privately, never the code itself.
 */
@Injectable()
export class IdentityLinksService {
  constructor(
    @Inject(CommandClient) private readonly client: CommandClient,
    @Inject(OutgoingQueue) private readonly queue: OutgoingQueue,
    @InjectBot() private readonly bot: Telegraf,
  ) {}

  /**
   * In a group: the code goes to the member's private chat (`codeText`: the message, in their language).
   * Checking first that the bot may write there makes the usual refusal issue no code.
   */
  async sendPrivately(
    member: Member,
    provider: string,
    codeText: (code: string) => string,
    botUsername: string,
  ): Promise<LinkDelivery> {
    if (!(await canWritePrivately(this.bot, member.telegramUserId))) {
      throw userError('linkOpenPrivateChat', { bot: botUsername });
    }
    const code = await this.issue(member.userId, provider);
    try {
      await this.queue.enqueue({ chatId: member.telegramUserId, chatKind: 'private', text: codeText(code) });
    } catch (error) {
      // The code reached nobody, so nobody can use it; it expires by itself.
      return isForbidden(error) ? 'privateChatClosed' : 'notDelivered';
    }
    return 'sent';
  }

  /** A new code for the accounts user; in a private chat it is the answer itself. */
  async issue(userId: string, provider: string): Promise<string> {
    try {
      return (await this.client.request(AccountsCommands.linkCodeCreate, { userId, provider })).code;
    } catch (error) {
      if (isDomainError(error) && error.code === 'LIMIT_EXCEEDED') {
        throw userError('linkLimit', { max: LINK_CODE_LIMITS.pendingPerUserMax, minutes: CODE_MINUTES });
      }
      throw error;
    }
  }
}
