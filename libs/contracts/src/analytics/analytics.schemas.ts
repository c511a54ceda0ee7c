import { z } from 'zod';
import { AccountKindSchema, type TransferCode, type TransferKind } from '../ledger/ledger.schemas';
import { AccountIdSchema, CommunityIdSchema, IsoTimeSchema, OwnerIdSchema } from '../primitives';

/**
 * What the analytics read models count. They are built only from the events in the stream TICKETONOMICS,
 * so every figure here is defined in terms of those events; the service and its tests use these lists,
 * and economy.figures.ts has these definitions as code (for the service and for any reader of figures).
 *
 * - A **transfer** is a journal row that moved money: a ledger `transfer.posted` event, whose kind is
 *   `posted` (one-step transfers, mints, burns, taxes, reversals) or `post_pending` (a settled hold). Holds
 *   (`pending`) and their voids move nothing and are not transfers, so `transfersTotal` equals the
 *   ledger's history filtered to those kinds. **Volume** is the sum of their amounts.
 * - A **journal row** is any ledger transfer event (posted, pending or voided): `journalRows` equals the
 *   ledger's `supply.get` `transfers`.
 * - **Supply** is minus the issuance balance; **circulating** is supply minus the treasury balance minus
 *   the escrow balances (tickets the market holds between a purchase and its payout). The ledger's
 *   `supply.get` counts escrow as circulating: its `circulating` is this one plus `escrow`.
 * - **Velocity** over a window is the velocity volume of the window divided by circulating now (0 when
 *   circulating is 0). Velocity volume leaves out mints, burns and reversals (printing, destroying or
 *   undoing money is not spending it) and transfers out of an escrow account (a purchase's payout to the
 *   seller, creator and treasury repeats the buyer's payment into escrow, already counted).
 * - An **active member** is a user account on either side of a transfer in the window, except fines,
 *   burns and reversals (things done to a member, not by them). Windows are UTC days: daily is the day of
 *   `at`, weekly the 7 days ending with it, monthly the 30 days ending with it.
 * - **Earners of the week** rank what user accounts received in the ISO week of `at` (from Monday 00:00
 *   UTC) by transfers of the codes in EARNING_CODES.
 * - **Gini** is over every user account's balance (zeros included), sorted ascending x_1..x_n:
 *   G = (2 * Σ i*x_i) / (n * Σ x) - (n + 1) / n; 0 when n <= 1 or every balance is 0. Rounded to 6 decimals.
 * - **Rewards** are the rewards accounts decided (`activity.rewarded`), which the ledger mints with the
 *   code `mint`; **tax** and **fees** are transfers of the codes `tax` and `fee`.
 * - **Market** figures per artifact type come from artifacts events. A **market sale** is a `listing.sold`
 *   (its price is the sale's volume). A **shop sale** is an `edition.minted` of provenance kind `bought` (a
 *   purchase from the shop, counted when its edition is minted); if the purchase is undone because its
 *   payment failed (an `edition.transferred` of kind `reverted` destroying that edition) it is taken back.
 *   The **last price** is the artifacts service's type `lastPrice`: the price of the last edition of the
 *   type that changed hands for tickets, in the order the artifacts service recorded it (its provenance
 *   order): bought from the shop (`bought`), sold on the market (`sold`), or given in a trade for tickets
 *   alone (`traded`; each given edition's price is wantAmount / given editions, rounded down, so every type
 *   given takes that share). A trade with editions in return does not change it; as in the artifacts
 *   service, a purchase undone later does not change it back. The floor is the lowest price of the type's
 *   active listings.
 *
 * Windows of hours end with the hour of `at` (the last 24 h are the 24 hourly buckets up to and including
 * it); a window reaching past the kept hourly buckets reads what is kept. Every figure of a community not
 * seen yet is 0: a read model cannot tell a community that does not exist from one it has not caught up on.
 */
export const TRANSFER_KINDS_MOVING_MONEY: readonly TransferKind[] = ['posted', 'post_pending'];
export const VELOCITY_EXCLUDED_CODES: readonly TransferCode[] = ['mint', 'burn', 'reversal'];
export const ACTIVITY_EXCLUDED_CODES: readonly TransferCode[] = ['fine', 'burn', 'reversal'];
export const EARNING_CODES: readonly TransferCode[] = ['reward', 'bonus', 'mint', 'sale', 'royalty', 'trade'];

/** Limits of the analytics queries. */
export const ANALYTICS_LIMITS = {
  leaderboardMax: 100,
  leaderboardDefault: 10,
  seriesPointsMax: 1000,
  seriesPointsDefault: 168,
  marketTypesMax: 200,
  marketTypesDefault: 50,
  /** UTC days of money flows one flows.get answers (a year and a day: a leap year whole). */
  flowDaysMax: 366,
  flowDaysDefault: 30,
  activeWeekDays: 7,
  activeMonthDays: 30,
  velocityLongWindowHours: 7 * 24,
} as const;

/** A ratio such as velocity or Gini, rounded to this many decimals so replicas answer byte for byte alike. */
export const ANALYTICS_RATIO_DECIMALS = 6;

const CountSchema = z.int().nonnegative();
const RatioSchema = z.number().nonnegative();

export const AnalyticsOverviewSchema = z.strictObject({
  communityId: CommunityIdSchema,
  /** The time the windows end at (the request's `at`, or now). */
  at: IsoTimeSchema,
  supply: z.int(),
  circulating: z.int(),
  treasury: z.int(),
  escrow: z.int(),
  /** User accounts of the community. */
  memberCount: CountSchema,
  gini: RatioSchema,
  velocity24h: RatioSchema,
  velocity7d: RatioSchema,
  activeDaily: CountSchema,
  activeWeekly: CountSchema,
  activeMonthly: CountSchema,
  transfersTotal: CountSchema,
  volumeTotal: CountSchema,
  transfers24h: CountSchema,
  volume24h: CountSchema,
  journalRows: CountSchema,
  minted: CountSchema,
  burned: CountSchema,
  rewardsCount: CountSchema,
  rewardsTotal: CountSchema,
  taxTotal: CountSchema,
  feesTotal: CountSchema,
  /** Time of the community's newest event applied; null before the first. */
  lastEventAt: IsoTimeSchema.nullable(),
  /** The stream sequence the replica had applied when it answered. */
  appliedSeq: CountSchema,
});
export type AnalyticsOverview = z.infer<typeof AnalyticsOverviewSchema>;

export const LEADERBOARDS = ['holders', 'earners-week'] as const;
export const LeaderboardSchema = z.enum(LEADERBOARDS);
export type Leaderboard = z.infer<typeof LeaderboardSchema>;

export const LeaderboardEntrySchema = z.strictObject({
  rank: z.int().positive(),
  accountId: AccountIdSchema,
  ownerId: OwnerIdSchema.nullable(),
  /** Balance (holders) or tickets received this week (earners-week). */
  value: z.int(),
});
export type LeaderboardEntry = z.infer<typeof LeaderboardEntrySchema>;

export const SERIES_METRICS = ['volume', 'transfers', 'supply', 'active'] as const;
export const SeriesMetricSchema = z.enum(SERIES_METRICS);
export type SeriesMetric = z.infer<typeof SeriesMetricSchema>;
export const SERIES_BUCKETS = ['hour', 'day'] as const;
export const SeriesBucketSchema = z.enum(SERIES_BUCKETS);
export type SeriesBucket = z.infer<typeof SeriesBucketSchema>;

/**
 * One bucket of a chart. Buckets without events are left out: volume, transfers and active are 0 there and
 * supply is that of the bucket before. supply is the supply after the bucket's last event.
 */
export const SeriesPointSchema = z.strictObject({ start: IsoTimeSchema, value: z.int() });
export type SeriesPoint = z.infer<typeof SeriesPointSchema>;

/**
 * One UTC day of a community's money flows (what each counts: libs/contracts economy.flows.ts), and the
 * supply and treasury as that day ended (carried over from the day before when nothing changed them).
 */
export const FlowDaySchema = z.strictObject({
  /** The UTC day, yyyy-mm-dd. */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  emitted: CountSchema,
  rewarded: CountSchema,
  /** The part of rewarded that was newly minted (rewards for activity), not paid from the treasury. */
  rewardsMinted: CountSchema,
  minted: CountSchema,
  taxed: CountSchema,
  burned: CountSchema,
  supply: z.int(),
  treasury: z.int(),
});
export type FlowDay = z.infer<typeof FlowDaySchema>;

export const AnalyticsBalanceSchema = z.strictObject({
  accountId: AccountIdSchema,
  kind: AccountKindSchema,
  ownerId: OwnerIdSchema.nullable(),
  balance: z.int(),
});
export type AnalyticsBalance = z.infer<typeof AnalyticsBalanceSchema>;

export const MarketTypeStatsSchema = z.strictObject({
  typeId: z.int().positive(),
  /** From the type's type.created event; null when the stream no longer holds it. */
  name: z.string().nullable(),
  /** Sales on the member market (listing.sold) and the tickets they moved. */
  marketSales: CountSchema,
  marketVolume: CountSchema,
  /** Editions bought new from the shop (undone purchases taken back) and the tickets paid. */
  shopSales: CountSchema,
  shopVolume: CountSchema,
  /**
   * The artifacts service's type lastPrice: the last price an edition of the type changed hands at (shop,
   * market or a trade for tickets alone); null before the first.
   */
  lastPrice: z.int().nullable(),
  floorPrice: z.int().nullable(),
  listings: CountSchema,
});
export type MarketTypeStats = z.infer<typeof MarketTypeStatsSchema>;

export const AnalyticsStatusSchema = z.strictObject({
  replicaId: z.string(),
  /** The last stream sequence applied; everything up to it is in the read models. */
  appliedSeq: CountSchema,
  /** The stream's last sequence when asked; lag is the difference. */
  streamLastSeq: CountSchema,
  lag: CountSchema,
  eventsApplied: CountSchema,
  /** Events that were not valid CloudEvents or whose data did not match its schema: logged and skipped. */
  eventsMalformed: CountSchema,
  rebuilding: z.boolean(),
  /** When the current or last rebuild started, and the stream sequence it catches up to. */
  rebuildStartedAt: IsoTimeSchema.nullable(),
  rebuildTargetSeq: CountSchema.nullable(),
});
export type AnalyticsStatus = z.infer<typeof AnalyticsStatusSchema>;

export const AnalyticsRebuildSchema = z.strictObject({
  replicaId: z.string(),
  startedAt: IsoTimeSchema,
  /** The stream's first sequence (older events are past its 365-day limit) and the last one when it started. */
  fromSeq: CountSchema,
  targetSeq: CountSchema,
});
export type AnalyticsRebuild = z.infer<typeof AnalyticsRebuildSchema>;
