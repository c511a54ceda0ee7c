import { Inject } from '@nestjs/common';
import { Command, Ctx, Update } from 'nestjs-telegraf';
import type { Context } from 'telegraf';
import type { Message } from 'telegraf/types';
import { CommandRunner } from '../bot/command.runner';
import { AdminService } from './admin.service';

@Update()
export class AdminUpdate {
  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(AdminService) private readonly admin: AdminService,
  ) {}

  @Command('mint')
  async onMint(@Ctx() ctx: Context): Promise<void> {
    await this.runner.runAsMember(ctx, (member, chat, t) =>
      this.admin.mint(member, chat, textOf(ctx), ctx.botInfo.username, t),
    );
  }

  @Command('burn')
  async onBurn(@Ctx() ctx: Context): Promise<void> {
    await this.runner.runAsMember(ctx, (member, chat, t) =>
      this.admin.burn(member, chat, textOf(ctx), ctx.botInfo.username, t),
    );
  }

  @Command('reverse')
  async onReverse(@Ctx() ctx: Context): Promise<void> {
    await this.runner.runAsMember(ctx, (member, chat, t) => this.admin.reverse(member, chat, textOf(ctx), t));
  }

  @Command('fine')
  async onFine(@Ctx() ctx: Context): Promise<void> {
    await this.runner.runAsMember(ctx, (member, chat, t) =>
      this.admin.fine(member, chat, textOf(ctx), ctx.botInfo.username, t),
    );
  }

  @Command('freeze')
  async onFreeze(@Ctx() ctx: Context): Promise<void> {
    await this.runner.runAsMember(ctx, (member, chat, t) =>
      this.admin.setFrozen(true, member, chat, textOf(ctx), ctx.botInfo.username, t),
    );
  }

  @Command('unfreeze')
  async onUnfreeze(@Ctx() ctx: Context): Promise<void> {
    await this.runner.runAsMember(ctx, (member, chat, t) =>
      this.admin.setFrozen(false, member, chat, textOf(ctx), ctx.botInfo.username, t),
    );
  }
}

/** @Command handlers only see text messages. */
function textOf(ctx: Context): Message.TextMessage {
  return ctx.message as Message.TextMessage;
}
