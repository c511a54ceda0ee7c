import { Inject, Injectable } from '@nestjs/common';
import {
  ANALYTICS_LIMITS,
  gini,
  hoursWindowStartMs,
  ledgerAccountId,
  velocity,
  type AnalyticsOverview,
} from '@ticketonomics/contracts';
import { CLOCK, type Clock } from '../analytics.tokens';
import { DAY_MS, dayStart, hourStart } from '../series/time-buckets';
import { AnalyticsStores } from '../store/analytics.stores';

/** Supply as the read model has it: minus issuance, and what treasury and escrow hold. */
export function supplyOf(stores: AnalyticsStores, communityId: string) {
  const supply = -stores.balances.balanceOf(ledgerAccountId('issuance', communityId));
  const treasury = stores.balances.balanceOf(ledgerAccountId('treasury', communityId));
  const escrow = stores.balances.sumOf(communityId, 'escrow');
  return { supply, treasury, escrow, circulating: supply - treasury - escrow };
}

@Injectable()
export class OverviewService {
  constructor(
    private readonly stores: AnalyticsStores,
    @Inject(CLOCK) private readonly now: Clock,
  ) {}

  overview(communityId: string, at: string | undefined): AnalyticsOverview {
    const { stores } = this;
    const atMs = at === undefined ? this.now() : Date.parse(at);
    const hourMs = hourStart(atMs);
    const dayMs = dayStart(atMs);
    const totals = stores.totals.get(communityId);
    const money = supplyOf(stores, communityId);
    const lastHours = (hours: number) =>
      stores.series.sum('hour', communityId, hoursWindowStartMs(atMs, hours), hourMs);
    const last24h = lastHours(24);
    const last7d = lastHours(ANALYTICS_LIMITS.velocityLongWindowHours);
    const activeSince = (days: number) =>
      stores.activity.activeOnDays(communityId, dayMs - (days - 1) * DAY_MS, dayMs);
    return {
      communityId,
      at: new Date(atMs).toISOString(),
      ...money,
      memberCount: stores.balances.countOf(communityId, 'user'),
      gini: gini(stores.balances.userBalancesAscending(communityId)),
      velocity24h: velocity(last24h.velocityVolume, money.circulating),
      velocity7d: velocity(last7d.velocityVolume, money.circulating),
      activeDaily: activeSince(1),
      activeWeekly: activeSince(ANALYTICS_LIMITS.activeWeekDays),
      activeMonthly: activeSince(ANALYTICS_LIMITS.activeMonthDays),
      transfersTotal: totals.transfersTotal,
      volumeTotal: totals.volumeTotal,
      transfers24h: last24h.transfers,
      volume24h: last24h.volume,
      journalRows: totals.journalRows,
      minted: totals.minted,
      burned: totals.burned,
      rewardsCount: totals.rewardsCount,
      rewardsTotal: totals.rewardsTotal,
      taxTotal: totals.taxTotal,
      feesTotal: totals.feesTotal,
      lastEventAt: totals.lastEventMs === null ? null : new Date(totals.lastEventMs).toISOString(),
      appliedSeq: stores.position.get().appliedSeq,
    };
  }
}
