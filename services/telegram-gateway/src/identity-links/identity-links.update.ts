import { Inject } from '@nestjs/common';
import { Command, Ctx, Update } from 'nestjs-telegraf';
import type { Context } from 'telegraf';
import type { Message } from 'telegraf/types';
import { CommandRunner, groupChatOf } from '../bot/command.runner';
import { IdentityLinksService } from './identity-links.service';

/** /link <game>, in a group or in a private chat with the bot. */
@Update()
export class IdentityLinksUpdate {
  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(IdentityLinksService) private readonly links: IdentityLinksService,
  ) {}

  @Command('link')
  async onLink(@Ctx() ctx: Context): Promise<void> {
    const message = ctx.message as Message.TextMessage;
    await this.runner.run(ctx, async (t) => {
      const from = ctx.from;
      const chat = groupChatOf(ctx);
      if (from === undefined) return t.groupOnly;
      if (chat !== undefined) return this.links.inGroup(chat, from, message.text, ctx.botInfo.username, t);
      if (ctx.chat?.type === 'private') return this.links.inPrivate(from, message.text, t);
      return t.groupOnly;
    });
  }
}
