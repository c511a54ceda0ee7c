import { Inject } from '@nestjs/common';
import { Ctx, On, Update } from 'nestjs-telegraf';
import type { Context } from 'telegraf';
import { groupChatOf } from '../bot/command.runner';
import { RewardsService } from './rewards.service';

/**
 * Ordinary messages. Registered after every command handler (last in the module's providers): a command
 * handler ends the chain, so only texts no command took arrive here, and no reply is ever sent.
 */
@Update()
export class ActivityUpdate {
  constructor(@Inject(RewardsService) private readonly rewards: RewardsService) {}

  @On('text')
  async onText(@Ctx() ctx: Context): Promise<void> {
    const chat = groupChatOf(ctx);
    if (chat === undefined || ctx.from === undefined || ctx.message === undefined) return;
    await this.rewards.onGroupMessage(chat, ctx.from, ctx.message);
  }
}
