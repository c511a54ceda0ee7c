import { Inject } from '@nestjs/common';
import { Command, Ctx, Update } from 'nestjs-telegraf';
import type { Context } from 'telegraf';
import type { Message } from 'telegraf/types';
import { CommandRunner } from '../bot/command.runner';
import { ApiKeysService } from './api-keys.service';

/** /apikey create|list|revoke (group admins). */
@Update()
export class ApiKeysUpdate {
  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(ApiKeysService) private readonly apiKeys: ApiKeysService,
  ) {}

  @Command('apikey')
  async onApiKey(@Ctx() ctx: Context): Promise<void> {
    const message = ctx.message as Message.TextMessage;
    await this.runner.runAsMember(ctx, (member, chat, t) =>
      this.apiKeys.handle(member, chat, message, ctx.botInfo.username, t),
    );
  }
}
