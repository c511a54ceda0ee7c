import { Inject, Injectable } from '@nestjs/common';
import { AccountsCommands, isDomainError, ledgerAccountId } from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import type { Message } from 'telegraf/types';
import { userError } from '../errors/user-facing.error';
import type { Target } from '../parsing/command-args.parser';
import type { GroupChat } from './member';
import { labelOf, MembersService } from './members.service';
import { repliedMessageOf, senderKindOf } from './sender';

/** The member a command names (a payment's recipient, an admin action's subject). */
export interface Recipient {
  userId: string;
  accountId: string;
  label: string;
}

@Injectable()
export class TargetResolver {
  constructor(
    @Inject(CommandClient) private readonly client: CommandClient,
    private readonly members: MembersService,
  ) {}

  /** A member already resolved once (a confirmed payment's recipient). */
  async byUserId(communityId: string, userId: string): Promise<Recipient> {
    const user = await this.client.request(AccountsCommands.userGet, { userId });
    return {
      userId: user.id,
      accountId: ledgerAccountId('user', communityId, user.id),
      label: labelOf(user),
    };
  }

  /**
   * @username is looked up among the community's members (the accounts service knows everyone who wrote
   * to the bot here), remembered for a minute; a reply names the author of the replied message, who is
   * made a member if needed. Either way the ledger account is the member's derived one, which the ledger
   * opens when it is first paid.
   */
  async resolve(chat: GroupChat, message: Message, target: Target, botUsername: string): Promise<Recipient> {
    if (target.kind === 'reply') {
      const replied = repliedMessageOf(message);
      const author = replied?.from;
      if (replied === undefined || author === undefined) throw userError('recipientMissing', { usage: '' });
      // Written as the group or a channel: the stand-in author is no one's account.
      if (senderKindOf(replied) !== 'member') throw userError('targetNotMember');
      if (author.is_bot) throw userError('payBot');
      const member = await this.members.ensureMember(chat, author);
      return { userId: member.userId, accountId: member.accountId, label: member.label };
    }
    if (target.username.toLowerCase() === botUsername.toLowerCase()) {
      // Other bots never write commands here, so they are never members: the lookup answers them as unknown.
      throw userError('payBot');
    }
    try {
      return await this.members.memberByUsername(chat, target.username);
    } catch (error) {
      if (isDomainError(error) && error.code === 'NOT_FOUND') {
        throw userError('unknownUser', { username: `@${target.username}` });
      }
      throw error;
    }
  }
}
