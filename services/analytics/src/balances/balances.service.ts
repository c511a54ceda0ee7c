import { Injectable } from '@nestjs/common';
import { PAGE_SIZE_DEFAULT, type AnalyticsBalance } from '@ticketonomics/contracts';
import { decodeCursor, encodeCursor } from '@ticketonomics/persistence';
import { AnalyticsStores } from '../store/analytics.stores';

@Injectable()
export class BalancesService {
  constructor(private readonly stores: AnalyticsStores) {}

  /** A page of the community's accounts in id order; the cursor is the last id of the page before. */
  list(
    communityId: string,
    cursor: string | undefined,
    limit = PAGE_SIZE_DEFAULT,
  ): { items: AnalyticsBalance[]; nextCursor: string | null } {
    const after = cursor === undefined ? null : decodeCursor(cursor);
    const rows = this.stores.balances.page(communityId, after, limit + 1);
    const items = rows.slice(0, limit);
    const nextCursor = rows.length > limit ? encodeCursor(items[items.length - 1].accountId) : null;
    return { items, nextCursor };
  }
}
