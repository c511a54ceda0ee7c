import { Inject, Injectable } from '@nestjs/common';
import type { Leaderboard, LeaderboardEntry } from '@ticketonomics/contracts';
import { CLOCK, type Clock } from '../analytics.tokens';
import { isoWeekStart } from '../series/time-buckets';
import { AnalyticsStores } from '../store/analytics.stores';

@Injectable()
export class LeaderboardService {
  constructor(
    private readonly stores: AnalyticsStores,
    @Inject(CLOCK) private readonly now: Clock,
  ) {}

  top(communityId: string, board: Leaderboard, limit: number, at: string | undefined): LeaderboardEntry[] {
    const rows =
      board === 'holders'
        ? this.stores.balances.topHolders(communityId, limit)
        : this.stores.earnings.topEarners(
            communityId,
            isoWeekStart(at === undefined ? this.now() : Date.parse(at)),
            limit,
          );
    return rows.map((row, index) => ({ rank: index + 1, ...row }));
  }
}
