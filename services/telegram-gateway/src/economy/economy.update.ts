import { Inject } from '@nestjs/common';
import type { Leaderboard } from '@ticketonomics/contracts';
import { Command, Ctx, Update } from 'nestjs-telegraf';
import type { Context } from 'telegraf';
import type { Message } from 'telegraf/types';
import { CommandRunner } from '../bot/command.runner';
import { commandArgs } from '../parsing/command-args.parser';
import type { Messages } from '../i18n/messages.en';
import { parseTopArgs } from './economy-figures';
import { EconomyStatsService, type Ranked } from './economy-stats.service';

@Update()
export class EconomyUpdate {
  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(EconomyStatsService) private readonly stats: EconomyStatsService,
  ) {}

  /** /top: the biggest holders; /top week: who received the most this ISO week. */
  @Command('top')
  async onTop(@Ctx() ctx: Context): Promise<void> {
    await this.runner.runAsMember(ctx, async (member, _chat, t) => {
      const board = parseTopArgs(commandArgs((ctx.message as Message.TextMessage).text));
      const { source, ranked } = await this.stats.top(member.communityId, board);
      const lines = rankingLines(board, ranked, t);
      return (source === 'ledger' ? [t.topFromLedger, ...lines] : lines).join('\n');
    });
  }

  /** /stats: the analytics overview, or the ledger's basics with a line saying so. */
  @Command('stats')
  async onStats(@Ctx() ctx: Context): Promise<void> {
    await this.runner.runAsMember(ctx, async (member, _chat, t) => {
      const view = await this.stats.stats(member.communityId);
      return view.source === 'analytics'
        ? t.statsLive(view.overview)
        : `${t.statsFromLedger}\n${t.stats(view.overview)}`;
    });
  }
}

function rankingLines(board: Leaderboard, ranked: Ranked[], t: Messages): string[] {
  if (board === 'holders') {
    if (ranked.length === 0) return [t.topEmpty];
    return [
      t.topHeader,
      ...ranked.map(({ rank, label, value }) => t.topLine({ rank, label, balance: value })),
    ];
  }
  if (ranked.length === 0) return [t.topEarnersEmpty];
  return [
    t.topEarnersHeader,
    ...ranked.map(({ rank, label, value }) => t.topEarnerLine({ rank, label, amount: value })),
  ];
}
