import { z } from 'zod';
import { defineCommand } from '../command';
import { CommunityIdSchema, CursorSchema, IsoTimeSchema, PageSizeSchema } from '../primitives';
import {
  ANALYTICS_LIMITS,
  AnalyticsBalanceSchema,
  AnalyticsOverviewSchema,
  AnalyticsRebuildSchema,
  AnalyticsStatusSchema,
  FlowDaySchema,
  LeaderboardEntrySchema,
  LeaderboardSchema,
  MarketTypeStatsSchema,
  SeriesBucketSchema,
  SeriesMetricSchema,
  SeriesPointSchema,
} from './analytics.schemas';

/** The examples read community `demo` (the ledger walkthrough's); on a fresh analytics every figure is 0. */
const EX = { community: 'demo' } as const;
export const ANALYTICS_EXAMPLES = EX;

/** As of this time (default: now): the hourly and daily windows end with its hour and its day. */
const AtSchema = IsoTimeSchema.optional();

export const AnalyticsCommands = {
  overviewGet: defineCommand({
    subject: 'tk.cmd.analytics.overview.get',
    summary:
      "A community's economy at a glance: supply, circulating, treasury, escrow, members, Gini, velocity (24 h, 7 d), active members (day, week, month), transfers and volume (total, 24 h), rewards, tax and fees. Balances are as of the last event applied; windows end at `at`.",
    request: z.strictObject({ communityId: CommunityIdSchema, at: AtSchema }),
    response: AnalyticsOverviewSchema,
    example: { communityId: EX.community },
  }),
  leaderboardGet: defineCommand({
    subject: 'tk.cmd.analytics.leaderboard.get',
    summary: `Top user accounts: by balance (holders) or by what they received this ISO week (earners-week), at most ${ANALYTICS_LIMITS.leaderboardMax}; ties by account id.`,
    request: z.strictObject({
      communityId: CommunityIdSchema,
      board: LeaderboardSchema,
      limit: z.int().min(1).max(ANALYTICS_LIMITS.leaderboardMax).default(ANALYTICS_LIMITS.leaderboardDefault),
      at: AtSchema,
    }),
    response: z.strictObject({ board: LeaderboardSchema, items: z.array(LeaderboardEntrySchema) }),
    example: { communityId: EX.community, board: 'holders', limit: 10 },
  }),
  seriesGet: defineCommand({
    subject: 'tk.cmd.analytics.series.get',
    summary: `A chart: volume, transfers, supply or active members per hour or per UTC day, oldest first; the newest \`limit\` buckets (at most ${ANALYTICS_LIMITS.seriesPointsMax}) starting in [from, to]. Hourly buckets are kept for a limited number of days, daily ones for good.`,
    request: z
      .strictObject({
        communityId: CommunityIdSchema,
        metric: SeriesMetricSchema,
        bucket: SeriesBucketSchema,
        from: IsoTimeSchema.optional(),
        to: IsoTimeSchema.optional(),
        limit: z
          .int()
          .min(1)
          .max(ANALYTICS_LIMITS.seriesPointsMax)
          .default(ANALYTICS_LIMITS.seriesPointsDefault),
      })
      .refine((value) => value.from === undefined || value.to === undefined || value.from <= value.to, {
        path: ['to'],
        message: 'must not be before from',
      }),
    response: z.strictObject({
      metric: SeriesMetricSchema,
      bucket: SeriesBucketSchema,
      points: z.array(SeriesPointSchema),
    }),
    example: { communityId: EX.community, metric: 'volume', bucket: 'day', limit: 30 },
  }),
  flowsGet: defineCommand({
    subject: 'tk.cmd.analytics.flows.get',
    summary: `Where a community's money came from and went, per UTC day: emitted by the schedule, rewarded (minted for activity, or paid as grants and bounties), minted by admins, taxed into the treasury, burned; with the supply and treasury as each day ended. The last \`days\` days (at most ${ANALYTICS_LIMITS.flowDaysMax}) up to the day of \`at\`, oldest first, quiet days included.`,
    request: z.strictObject({
      communityId: CommunityIdSchema,
      days: z.int().min(1).max(ANALYTICS_LIMITS.flowDaysMax).default(ANALYTICS_LIMITS.flowDaysDefault),
      at: AtSchema,
    }),
    response: z.strictObject({
      communityId: CommunityIdSchema,
      days: z.array(FlowDaySchema),
      /** The stream sequence the replica had applied when it answered. */
      appliedSeq: z.int().nonnegative(),
    }),
    example: { communityId: EX.community, days: 7 },
  }),
  balancesList: defineCommand({
    subject: 'tk.cmd.analytics.balances.list',
    summary:
      "Every account of a community with its balance as the read model has it, in id order, a page at a time: for comparing with the ledger's account.list.",
    request: z.strictObject({
      communityId: CommunityIdSchema,
      cursor: CursorSchema.optional(),
      limit: PageSizeSchema.optional(),
    }),
    response: z.strictObject({ items: z.array(AnalyticsBalanceSchema), nextCursor: CursorSchema.nullable() }),
    example: { communityId: EX.community, limit: 50 },
  }),
  marketGet: defineCommand({
    subject: 'tk.cmd.analytics.market.get',
    summary: `Artifact market figures per type, in type order, a page at a time (at most ${ANALYTICS_LIMITS.marketTypesMax}): market and shop sales and volume, last price (shop, market or trade), floor price and count of active listings.`,
    request: z.strictObject({
      communityId: CommunityIdSchema,
      cursor: CursorSchema.optional(),
      limit: z.int().min(1).max(ANALYTICS_LIMITS.marketTypesMax).default(ANALYTICS_LIMITS.marketTypesDefault),
    }),
    response: z.strictObject({ types: z.array(MarketTypeStatsSchema), nextCursor: CursorSchema.nullable() }),
    example: { communityId: EX.community },
  }),
  statusGet: defineCommand({
    subject: 'tk.cmd.analytics.status.get',
    summary:
      'The answering replica: its id, the stream sequence it has applied, its lag behind the stream, and whether it is rebuilding.',
    request: z.strictObject({}),
    response: AnalyticsStatusSchema,
    example: {},
  }),
  rebuildStart: defineCommand({
    subject: 'tk.cmd.analytics.rebuild.start',
    summary:
      "Drop the answering replica's read models and rebuild them from the stream's first event; answers once started (status.get shows progress). Repeating it during a rebuild returns the rebuild in progress.",
    request: z.strictObject({}),
    response: AnalyticsRebuildSchema,
    example: {},
  }),
} as const;

/** Order in which the examples succeed one after another on a fresh analytics service. */
export const ANALYTICS_EXAMPLE_ORDER: (keyof typeof AnalyticsCommands)[] = [
  'statusGet',
  'overviewGet',
  'leaderboardGet',
  'seriesGet',
  'flowsGet',
  'balancesList',
  'marketGet',
  'rebuildStart',
];
