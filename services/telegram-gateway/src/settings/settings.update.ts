import { Inject } from '@nestjs/common';
import { Command, Ctx, Update } from 'nestjs-telegraf';
import type { Context } from 'telegraf';
import type { Message } from 'telegraf/types';
import { CommandRunner } from '../bot/command.runner';
import { SettingsService } from './settings.service';

@Update()
export class SettingsUpdate {
  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(SettingsService) private readonly settings: SettingsService,
  ) {}

  @Command('settings')
  async onSettings(@Ctx() ctx: Context): Promise<void> {
    await this.runner.runAsMember(ctx, (member, chat, t) =>
      this.settings.handle(member, chat, ctx.message as Message.TextMessage, ctx.botInfo.username, t),
    );
  }
}
