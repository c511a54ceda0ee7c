import type { Leaderboard } from '@ticketonomics/contracts';
import { defineCommand, noArgs } from '../bot/command';
import type { Messages } from '../i18n/messages.en';
import type { Ranked } from './economy-stats.service';
import { parseTopArgs } from './top-args.parser';

/** /top: the biggest holders; /top week: who received the most this ISO week. */
export const topCommand = defineCommand({
  name: 'top',
  scope: 'member',
  parse: ({ args }) => parseTopArgs(args),
  run: async ({ args: board, member }, { economy }) => ({
    board,
    ...(await economy.top(member.communityId, board)),
  }),
  render: ({ board, source, ranked }, t) => {
    const lines = rankingLines(board, ranked, t);
    return (source === 'ledger' ? [t.topFromLedger, ...lines] : lines).join('\n');
  },
});

/** /stats: the analytics overview, or the ledger's basics with a line saying so. */
export const statsCommand = defineCommand({
  name: 'stats',
  scope: 'member',
  parse: noArgs,
  run: ({ member }, { economy }) => economy.stats(member.communityId),
  render: (view, t) =>
    view.source === 'analytics'
      ? t.statsLive(view.overview)
      : `${t.statsFromLedger}\n${t.stats(view.overview)}`,
});

/** /economy: how the group's money grows and shrinks (emission, its sharing, the holding fee, the tax). */
export const economyCommand = defineCommand({
  name: 'economy',
  scope: 'member',
  parse: noArgs,
  run: ({ member }, { economy }) => economy.schedule(member.communityId),
  render: (view, t) => t.schedule(view),
});

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
