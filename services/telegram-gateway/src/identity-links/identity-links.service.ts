import { Inject, Injectable } from '@nestjs/common';
import {
  AccountsCommands,
  isDomainError,
  LINK_CODE_LIMITS,
  type LinkCodeIssued,
} from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import { InjectBot } from 'nestjs-telegraf';
import type { Telegraf } from 'telegraf';
import type { User as TelegramUser } from 'telegraf/types';
import { canWritePrivately, isForbidden } from '../bot/private-chat';
import { userError } from '../errors/user-facing.error';
import type { Messages } from '../i18n/messages.en';
import type { GroupChat } from '../members/member';
import { MembersService } from '../members/members.service';
import { OutgoingQueue } from '../outgoing/outgoing.queue';
import { commandArgs } from '../parsing/command-args.parser';
import { parseLinkProvider } from './link-args.parser';

const CODE_MINUTES = LINK_CODE_LIMITS.ttlMs / 60_000;

/**
 * /link <game>: a one-time code with which a game links the member's player there to them. The bot is what
 * vouches for the member (their Telegram account), so the code goes only to them, in a private chat: sent
 * in a group, the command answers there that the code went privately, never the code itself.
 */
@Injectable()
export class IdentityLinksService {
  constructor(
    @Inject(CommandClient) private readonly client: CommandClient,
    @Inject(MembersService) private readonly members: MembersService,
    @Inject(OutgoingQueue) private readonly queue: OutgoingQueue,
    @InjectBot() private readonly bot: Telegraf,
  ) {}

  /** In a private chat: the code is the answer. */
  async inPrivate(from: TelegramUser, text: string, t: Messages): Promise<string> {
    const provider = parseLinkProvider(commandArgs(text));
    const user = await this.members.ensureUser(from);
    const issued = await this.issue(user.id, provider);
    return t.linkCode({ provider, code: issued.code, minutes: CODE_MINUTES });
  }

  /**
   * In a group: the member joins the group's economy as any command makes them, and the code goes to
   * their private chat. Checking first that the bot may write there makes the usual refusal issue no code.
   */
  async inGroup(
    chat: GroupChat,
    from: TelegramUser,
    text: string,
    botUsername: string,
    t: Messages,
  ): Promise<string> {
    const provider = parseLinkProvider(commandArgs(text));
    const member = await this.members.ensureMember(chat, from);
    if (!(await canWritePrivately(this.bot, from.id))) {
      throw userError('linkOpenPrivateChat', { bot: botUsername });
    }
    const issued = await this.issue(member.userId, provider);
    try {
      await this.queue.enqueue({
        chatId: from.id,
        chatKind: 'private',
        text: t.linkCode({ provider, code: issued.code, minutes: CODE_MINUTES }),
      });
    } catch (error) {
      // The code reached nobody, so nobody can use it; it expires by itself.
      return isForbidden(error)
        ? t.linkOpenPrivateChat({ bot: botUsername })
        : t.linkNotDelivered({ provider });
    }
    return t.linkSent({ provider });
  }

  private async issue(userId: string, provider: string): Promise<LinkCodeIssued> {
    try {
      return await this.client.request(AccountsCommands.linkCodeCreate, { userId, provider });
    } catch (error) {
      if (isDomainError(error) && error.code === 'LIMIT_EXCEEDED') {
        throw userError('linkLimit', { max: LINK_CODE_LIMITS.pendingPerUserMax, minutes: CODE_MINUTES });
      }
      throw error;
    }
  }
}
