import { Inject } from '@nestjs/common';
import { Command, Ctx, Update } from 'nestjs-telegraf';
import type { Context } from 'telegraf';
import type { Message } from 'telegraf/types';
import { CommandRunner } from '../bot/command.runner';
import { BalanceService } from './balance.service';

@Update()
export class BalanceUpdate {
  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(BalanceService) private readonly balance: BalanceService,
  ) {}

  @Command('balance')
  async onBalance(@Ctx() ctx: Context): Promise<void> {
    await this.runner.runAsMember(ctx, (member, _chat, t) => this.balance.balanceText(member, t));
  }

  @Command('me')
  async onMe(@Ctx() ctx: Context): Promise<void> {
    await this.runner.runAsMember(ctx, (member, _chat, t) => this.balance.meText(member, t));
  }

  @Command('history')
  async onHistory(@Ctx() ctx: Context): Promise<void> {
    await this.runner.runAsMember(ctx, (member, chat, t) =>
      this.balance.historyText(member, chat, ctx.message as Message.TextMessage, ctx.botInfo.username, t),
    );
  }
}
