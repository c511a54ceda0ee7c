import { Inject } from '@nestjs/common';
import { Ctx, Help, Start, Update } from 'nestjs-telegraf';
import type { Context } from 'telegraf';
import { helpText } from '../bot/bot-commands';
import { assertRealMember, CommandRunner, groupChatOf } from '../bot/command.runner';
import { displayNameOf, MembersService } from '../members/members.service';

/** Handlers return nothing: nestjs-telegraf would send a returned value as another reply. */
@Update()
export class StartUpdate {
  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(MembersService) private readonly members: MembersService,
  ) {}

  @Start()
  async start(@Ctx() ctx: Context): Promise<void> {
    await this.runner.run(ctx, async (t) => {
      const chat = groupChatOf(ctx);
      const from = ctx.from;
      if (chat === undefined || from === undefined) {
        return `${t.startPrivate({ name: from === undefined ? '' : displayNameOf(from) })}`;
      }
      assertRealMember(ctx);
      const member = await this.members.ensureMember(chat, from);
      return `${t.start({ name: member.displayName })}\n\n${helpText(t)}`;
    });
  }

  @Help()
  async help(@Ctx() ctx: Context): Promise<void> {
    await this.runner.run(ctx, async (t) => helpText(t));
  }
}
