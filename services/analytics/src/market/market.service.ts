import { Injectable } from '@nestjs/common';
import type { MarketTypeStats } from '@ticketonomics/contracts';
import { decodeSeqCursor, encodeCursor } from '@ticketonomics/persistence';
import { AnalyticsStores } from '../store/analytics.stores';

@Injectable()
export class MarketService {
  constructor(private readonly stores: AnalyticsStores) {}

  /** A page of artifact types in type order; the cursor is the last type id of the page before. */
  types(
    communityId: string,
    cursor: string | undefined,
    limit: number,
  ): { types: MarketTypeStats[]; nextCursor: string | null } {
    const after = cursor === undefined ? null : decodeSeqCursor(cursor);
    const rows = this.stores.market.page(communityId, after, limit + 1);
    const types = rows.slice(0, limit);
    const nextCursor = rows.length > limit ? encodeCursor(types[types.length - 1].typeId) : null;
    return { types, nextCursor };
  }
}
