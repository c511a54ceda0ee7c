import type { Database } from 'better-sqlite3';
import type { PartitionFence } from '@ticketonomics/partitions';
import { SqliteWriter } from '@ticketonomics/persistence';
import { ActivityStore } from '../activity/activity.store';
import { BalancesStore } from '../balances/balances.store';
import { PositionStore } from '../consumer/position.store';
import { EarningsStore } from '../leaderboard/earnings.store';
import { MarketStore } from '../market/market.store';
import { AnalyticsInit1764800000000, READ_MODEL_TABLES } from '../migrations/1764800000000-analytics-init';
import {
  AnalyticsMarketShop1764900000000,
  MARKET_SHOP_TABLES,
} from '../migrations/1764900000000-analytics-market-shop';
import {
  AnalyticsMarketPriceMoves1765000000000,
  MARKET_PRICE_TABLES,
} from '../migrations/1765000000000-analytics-market-price-moves';
import { AnalyticsFlows1765100000000, FLOW_TABLES } from '../migrations/1765100000000-analytics-flows';
import { SeriesStore } from '../series/series.store';
import { FlowsStore } from '../flows/flows.store';
import { CommunityTotalsStore } from '../volume/community-totals.store';
import type { WriteBehind } from './write-behind';

/**
 * Pages the WAL may hold before a commit checkpoints it (SQLite's default is 1,000, about 4 MB). A checkpoint
 * syncs the WAL and the database file; at the default, a replica catching up spent most of its time in them.
 * About 40 MB here: the read models can be rebuilt, so only the time a checkpoint takes is at stake.
 */
export const WAL_CHECKPOINT_PAGES = 10_000;
/** SQLite's page cache for the replica's connection, in KiB (its default is 2 MiB). */
export const PAGE_CACHE_KIB = 65_536;

export const ANALYTICS_MIGRATIONS = [
  AnalyticsInit1764800000000,
  AnalyticsMarketShop1764900000000,
  AnalyticsMarketPriceMoves1765000000000,
  AnalyticsFlows1765100000000,
];

/**
 * Every store over the replica's one SQLite connection. Writes run through write(): one synchronous
 * IMMEDIATE transaction, so a batch of events and the stream position it reaches commit together, and only
 * while the file's fence is still this replica's (another replica that took the file over has claimed it).
 * The stores that change hot rows keep a write's changes in memory (WriteBehind): flushPending() writes
 * them, and write() flushes what is left before it commits and forgets it all when the work throws.
 */
export class AnalyticsStores extends SqliteWriter {
  readonly position: PositionStore;
  readonly balances: BalancesStore;
  readonly totals: CommunityTotalsStore;
  readonly series: SeriesStore;
  readonly activity: ActivityStore;
  readonly earnings: EarningsStore;
  readonly market: MarketStore;
  readonly flows: FlowsStore;
  /** Flushed in this order: accounts, communities, buckets, flow days, earnings; marks are written already. */
  private readonly writeBehind: readonly WriteBehind[];

  constructor(
    db: Database,
    private readonly fence: PartitionFence,
  ) {
    super(db);
    db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
    db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
    this.position = new PositionStore(db);
    this.balances = new BalancesStore(db);
    this.totals = new CommunityTotalsStore(db);
    this.series = new SeriesStore(db);
    this.activity = new ActivityStore(db);
    this.earnings = new EarningsStore(db);
    this.market = new MarketStore(db);
    this.flows = new FlowsStore(db);
    this.writeBehind = [this.balances, this.totals, this.series, this.flows, this.earnings, this.activity];
  }

  override write<T>(work: () => T): T {
    try {
      return super.write(() => {
        this.fence.assertHeld();
        const value = work();
        this.flushPending();
        return value;
      });
    } finally {
      // Flushed already when it commits; when it rolls back, nothing of it may reach the next write.
      for (const store of this.writeBehind) store.discard();
    }
  }

  /** Write every row the stores keep pending (inside a write, before what must see them: pruning). */
  flushPending(): void {
    for (const store of this.writeBehind) store.flush();
  }

  /** Empty every read model and put the position before the first event, in one transaction. */
  wipe(rebuildStartedMs: number, rebuildTargetSeq: number): void {
    this.write(() => {
      for (const table of [
        ...READ_MODEL_TABLES,
        ...MARKET_SHOP_TABLES,
        ...MARKET_PRICE_TABLES,
        ...FLOW_TABLES,
      ]) {
        this.db.prepare(`DELETE FROM ${table}`).run();
      }
      this.position.reset(rebuildStartedMs, rebuildTargetSeq);
    });
  }
}
