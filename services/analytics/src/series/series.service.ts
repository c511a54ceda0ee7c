import { Injectable } from '@nestjs/common';
import type { SeriesBucket, SeriesMetric, SeriesPoint } from '@ticketonomics/contracts';
import { AnalyticsStores } from '../store/analytics.stores';

export interface SeriesQuery {
  communityId: string;
  metric: SeriesMetric;
  bucket: SeriesBucket;
  from?: string;
  to?: string;
  limit: number;
}

@Injectable()
export class SeriesService {
  constructor(private readonly stores: AnalyticsStores) {}

  points(query: SeriesQuery): SeriesPoint[] {
    const fromMs = query.from === undefined ? 0 : Date.parse(query.from);
    const toMs = query.to === undefined ? Number.MAX_SAFE_INTEGER : Date.parse(query.to);
    return this.stores.series
      .points(query.bucket, query.metric, query.communityId, fromMs, toMs, query.limit)
      .map((row) => ({ start: new Date(row.startMs).toISOString(), value: row.value }));
  }
}
