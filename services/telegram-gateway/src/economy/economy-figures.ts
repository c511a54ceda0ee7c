import type { AnalyticsOverview, Leaderboard } from '@ticketonomics/contracts';
import { userError } from '../errors/user-facing.error';

/** What `/top` takes: nothing for the biggest holders, `week` for this ISO week's top earners. */
export const TOP_USAGE = '/top [week]';

/** Decimals a ratio (velocity, Gini) is shown with: enough to compare, few enough to read. */
const RATIO_DECIMALS_SHOWN = 2;

/** The analytics figures /stats shows, in the names the catalogue uses. */
export type LiveStats = Pick<
  AnalyticsOverview,
  | 'supply'
  | 'circulating'
  | 'treasury'
  | 'memberCount'
  | 'activeDaily'
  | 'activeWeekly'
  | 'activeMonthly'
  | 'transfers24h'
  | 'volume24h'
  | 'transfersTotal'
  | 'volumeTotal'
  | 'velocity24h'
  | 'velocity7d'
  | 'gini'
  | 'rewardsCount'
  | 'rewardsTotal'
  | 'taxTotal'
>;

/** The board `/top <args>` asks for; anything but nothing or "week" is answered with the usage. */
export function parseTopArgs(args: string): Leaderboard {
  const word = args.trim().toLowerCase();
  if (word === '') return 'holders';
  if (word === 'week' || word === 'неделя') return 'earners-week';
  throw userError('usage', { usage: TOP_USAGE });
}

/** A ratio as the member reads it: two decimals, with the language's decimal mark (0.42, 0,42). */
export function formatRatio(value: number, decimalMark: '.' | ','): string {
  return value.toFixed(RATIO_DECIMALS_SHOWN).replace('.', decimalMark);
}
