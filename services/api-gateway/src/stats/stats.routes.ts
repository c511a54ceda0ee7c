import {
  ANALYTICS_LIMITS,
  AnalyticsCommands,
  CursorSchema,
  IsoTimeSchema,
  LeaderboardEntrySchema,
  LeaderboardSchema,
  SeriesBucketSchema,
  SeriesMetricSchema,
} from '@ticketonomics/contracts';
import { z } from 'zod';
import { communityParams, defineRoute, intFromString, KEYED_ERRORS } from '../http/route';

const AtQuery = { at: IsoTimeSchema.optional() };

/** The board with each member's display name (null for an account no member owns). */
const LeaderboardWithNamesSchema = z.strictObject({
  board: LeaderboardSchema,
  items: z.array(LeaderboardEntrySchema.extend({ displayName: z.string().nullable() })),
});

export const STATS_ROUTES = [
  defineRoute({
    method: 'GET',
    path: '/v1/communities/:communityId/stats',
    operationId: 'getStats',
    tag: 'stats',
    scope: 'read',
    summary:
      "The community's economy at a glance: supply, members, Gini, velocity, active members, volume, rewards, tax and fees.",
    description: 'From the analytics read model: balances are as of the last event it applied.',
    params: communityParams(),
    query: z.strictObject(AtQuery),
    response: AnalyticsCommands.overviewGet.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED'],
    examples: { ok: {}, VALIDATION_FAILED: { query: { at: 'yesterday' } } },
    handle: ({ params, query, commands }) =>
      commands.request(AnalyticsCommands.overviewGet, { communityId: params.communityId, ...query }),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/communities/:communityId/leaderboard',
    operationId: 'getLeaderboard',
    tag: 'stats',
    scope: 'read',
    summary:
      'Top members by balance (holders, the default) or by what they received this ISO week (earners-week).',
    params: communityParams(),
    query: z.strictObject({
      board: LeaderboardSchema.default('holders'),
      limit: intFromString(z.int().min(1).max(ANALYTICS_LIMITS.leaderboardMax)).optional(),
      ...AtQuery,
    }),
    response: LeaderboardWithNamesSchema,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED'],
    examples: { ok: { query: { limit: '3' } }, VALIDATION_FAILED: { query: { board: 'richest' } } },
    handle: async ({ params, query, commands, names }) => {
      const board = await commands.request(AnalyticsCommands.leaderboardGet, {
        communityId: params.communityId,
        ...query,
      });
      const items = await Promise.all(
        board.items.map(async (entry) => ({
          ...entry,
          displayName: entry.ownerId === null ? null : await names.memberLabel(entry.ownerId),
        })),
      );
      return { ...board, items };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/communities/:communityId/stats/series',
    operationId: 'getSeries',
    tag: 'stats',
    scope: 'read',
    summary: 'A chart: volume, transfers, supply or active members per hour or per UTC day, oldest first.',
    params: communityParams(),
    query: z.strictObject({
      metric: SeriesMetricSchema,
      bucket: SeriesBucketSchema.default('day'),
      from: IsoTimeSchema.optional(),
      to: IsoTimeSchema.optional(),
      limit: intFromString(z.int().min(1).max(ANALYTICS_LIMITS.seriesPointsMax)).optional(),
    }),
    response: AnalyticsCommands.seriesGet.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED'],
    examples: {
      ok: { query: { metric: 'volume', bucket: 'day', limit: '3' } },
      VALIDATION_FAILED: { query: { bucket: 'day' } },
    },
    handle: ({ params, query, commands }) =>
      commands.request(AnalyticsCommands.seriesGet, { communityId: params.communityId, ...query }),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/communities/:communityId/stats/market',
    operationId: 'getMarketStats',
    tag: 'stats',
    scope: 'read',
    summary: 'Artifact market figures per type: sales, volume, last price, floor price and active listings.',
    params: communityParams(),
    query: z.strictObject({
      cursor: CursorSchema.optional(),
      limit: intFromString(z.int().min(1).max(ANALYTICS_LIMITS.marketTypesMax)).optional(),
    }),
    response: AnalyticsCommands.marketGet.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED'],
    examples: { ok: { query: { limit: '5' } }, VALIDATION_FAILED: { query: { limit: '0' } } },
    handle: ({ params, query, commands }) =>
      commands.request(AnalyticsCommands.marketGet, { communityId: params.communityId, ...query }),
  }),
];
