import type { Leaderboard } from '@ticketonomics/contracts';
import { userError } from '../errors/user-facing.error';

/** What `/top` takes: nothing for the biggest holders, `week` for this ISO week's top earners. */
export const TOP_USAGE = '/top [week]';

/** The board `/top <args>` asks for; anything but nothing or "week" is answered with the usage. */
export function parseTopArgs(args: string): Leaderboard {
  const word = args.trim().toLowerCase();
  if (word === '') return 'holders';
  if (word === 'week' || word === 'неделя') return 'earners-week';
  throw userError('usage', { usage: TOP_USAGE });
}
