import { Inject, Injectable } from '@nestjs/common';
import type { FlowDay } from '@ticketonomics/contracts';
import { CLOCK, type Clock } from '../analytics.tokens';
import { DAY_MS, dayStart } from '../series/time-buckets';
import { AnalyticsStores } from '../store/analytics.stores';
import { fillFlowDays } from './flow-days';

@Injectable()
export class FlowsService {
  constructor(
    private readonly stores: AnalyticsStores,
    @Inject(CLOCK) private readonly now: Clock,
  ) {}

  /** The `days` UTC days ending with the day of `at` (default: now), oldest first. */
  flows(
    communityId: string,
    days: number,
    at: string | undefined,
  ): { communityId: string; days: FlowDay[]; appliedSeq: number } {
    const lastDayMs = dayStart(at === undefined ? this.now() : Date.parse(at));
    const fromMs = lastDayMs - (days - 1) * DAY_MS;
    const { rows, previous } = this.stores.flows.days(communityId, fromMs, lastDayMs);
    return {
      communityId,
      days: fillFlowDays(rows, previous, fromMs, days),
      appliedSeq: this.stores.position.get().appliedSeq,
    };
  }
}
