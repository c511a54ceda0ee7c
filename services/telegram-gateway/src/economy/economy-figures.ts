import type { AnalyticsOverview } from '@ticketonomics/contracts';

// The catalogues import this file: it imports nothing of the gateway's (see import-cycles.spec.ts).

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

/** A ratio as the member reads it: two decimals, with the language's decimal mark (0.42, 0,42). */
export function formatRatio(value: number, decimalMark: '.' | ','): string {
  return value.toFixed(RATIO_DECIMALS_SHOWN).replace('.', decimalMark);
}
