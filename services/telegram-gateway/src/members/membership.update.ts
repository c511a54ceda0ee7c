import { Inject } from '@nestjs/common';
import { Ctx, On, Update } from 'nestjs-telegraf';
import type { Logger } from 'pino';
import type { Context } from 'telegraf';
import type { Message } from 'telegraf/types';
import { helpText } from '../bot/bot-commands';
import { CommandRunner, groupChatOf } from '../bot/command.runner';
import { LOGGER } from '../gateway.tokens';
import { MembersService } from './members.service';

/**
 * Telegram's service messages about who is in a group. Joining makes each newcomer a member at once (so
 * they can be paid by @username before they ever write; the ledger opens their account when first paid);
 * leaving ends the membership.
 * The bot being added upserts the community and introduces itself. Member tracking is best effort and
 * silent: a failure is logged, and the member is ensured again by their first command anyway.
 */
@Update()
export class MembershipUpdate {
  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(MembersService) private readonly members: MembersService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @On('new_chat_members')
  async onJoined(@Ctx() ctx: Context): Promise<void> {
    const chat = groupChatOf(ctx);
    const message = ctx.message as Message.NewChatMembersMessage | undefined;
    if (chat === undefined || message === undefined) return;
    const botId = ctx.botInfo.id;
    for (const user of message.new_chat_members) {
      if (user.is_bot) continue;
      try {
        await this.members.ensureMember(chat, user);
      } catch (error) {
        this.logger.warn({ chatId: chat.id, userId: user.id, err: error }, 'could not add a new member');
      }
    }
    if (message.new_chat_members.some((user) => user.id === botId)) {
      await this.runner.run(ctx, async (t) => {
        await this.members.ensureCommunity(chat);
        return `${t.botAdded({ title: chat.title })}\n\n${helpText(t)}`;
      });
    }
  }

  @On('left_chat_member')
  async onLeft(@Ctx() ctx: Context): Promise<void> {
    const chat = groupChatOf(ctx);
    const message = ctx.message as Message.LeftChatMemberMessage | undefined;
    const user = message?.left_chat_member;
    if (chat === undefined || user === undefined || user.is_bot) return;
    try {
      await this.members.leave(chat, user);
    } catch (error) {
      this.logger.warn({ chatId: chat.id, userId: user.id, err: error }, 'could not record a member leaving');
    }
  }
}
