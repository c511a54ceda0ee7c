import { Inject } from '@nestjs/common';
import { Command, Ctx, Update } from 'nestjs-telegraf';
import type { Context } from 'telegraf';
import { CommandRunner } from '../bot/command.runner';
import { EconomyStatsService } from './economy-stats.service';

@Update()
export class EconomyUpdate {
  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(EconomyStatsService) private readonly stats: EconomyStatsService,
  ) {}

  @Command('top')
  async onTop(@Ctx() ctx: Context): Promise<void> {
    await this.runner.runAsMember(ctx, async (member, _chat, t) => {
      const holders = await this.stats.topHolders(member.communityId);
      if (holders.length === 0) return t.topEmpty;
      return [t.topHeader, ...holders.map((holder) => t.topLine(holder))].join('\n');
    });
  }

  @Command('stats')
  async onStats(@Ctx() ctx: Context): Promise<void> {
    await this.runner.runAsMember(ctx, async (member, _chat, t) =>
      t.stats(await this.stats.overview(member.communityId)),
    );
  }
}
