import {
  CommunityIdSchema,
  DemurrageSchema,
  EmissionPeriodSchema,
  EmissionSchema,
  FeeDestinationSchema,
  FlowDaySchema,
  ParameterChangeSchema,
  ProposalStatusSchema,
  REJECTION_REASONS,
} from '@ticketonomics/contracts';
import { z } from 'zod';
import type { HttpErrorCode } from '../http/http-error';
import type { RouteExamples } from '../http/route';
import { EX } from './example.ids';

/** How the public routes show an account: who it is, of what kind (dashboard/member-labels.service.ts Party). */
const PartySchema = z.strictObject({
  accountId: z.string(),
  kind: z.string(),
  memberId: z.string().nullable(),
  label: z.string(),
});
const SourceSchema = z.enum(['analytics', 'ledger']);

/** A proposal on the public page (dashboard/economy-panel.service.ts ProposalView): people by display name. */
const PublicProposalSchema = z.strictObject({
  id: z.int(),
  title: z.string(),
  parameter: z.string(),
  currentValue: z.int().nullable(),
  proposedValue: z.int(),
  status: ProposalStatusSchema,
  yes: z.int(),
  no: z.int(),
  eligibleCount: z.int(),
  proposer: z.string(),
  votingEndsAt: z.string(),
  decidedAt: z.string().nullable(),
  appliesAt: z.string().nullable(),
  appliedAt: z.string().nullable(),
  rejectedFor: z.enum(REJECTION_REASONS).nullable(),
  veto: z.strictObject({ by: z.string(), reason: z.string(), at: z.string() }).nullable(),
  failure: z.string().nullable(),
});

/** The public JSON answers, as dashboard/public-data.service.ts builds them (its *View interfaces). */
export const PUBLIC_SCHEMAS = {
  Party: PartySchema,
  PublicOverview: z.strictObject({
    communityId: CommunityIdSchema,
    title: z.string().nullable(),
    currency: z.strictObject({ name: z.string(), symbol: z.string() }),
    supply: z.int(),
    circulating: z.int(),
    treasury: z.int(),
    members: z.int(),
    gini: z.number(),
    velocity24h: z.number(),
    velocity7d: z.number().nullable(),
    active24h: z.int(),
    active7d: z.int().nullable(),
    transfers24h: z.int(),
    volume24h: z.int(),
    journalRows: z.int(),
    sources: z.strictObject({ supply: z.literal('ledger'), figures: SourceSchema }),
    partial: z.boolean(),
    asOf: z.string(),
  }),
  PublicLeaderboard: z.strictObject({
    source: SourceSchema,
    partial: z.boolean(),
    items: z.array(z.strictObject({ rank: z.int(), balance: z.int(), party: PartySchema })),
  }),
  PublicVolume: z.strictObject({
    source: SourceSchema,
    bucket: z.literal('hour'),
    points: z.array(z.strictObject({ start: z.string(), value: z.int() })),
  }),
  PublicTransactions: z.strictObject({
    items: z.array(
      z.strictObject({
        id: z.string(),
        seq: z.int(),
        code: z.string(),
        amount: z.int(),
        from: PartySchema,
        to: PartySchema,
        at: z.string(),
        /** Set on a member's artifact purchase (dashboard/public-event.mapper.ts PublicPurchase). */
        purchase: z
          .strictObject({
            id: z.string(),
            channel: z.enum(['shop', 'market', 'trade', 'creation']).nullable(),
            itemName: z.string().nullable(),
          })
          .nullable(),
      }),
    ),
  }),
  PublicArtifacts: z.strictObject({
    items: z.array(
      z.strictObject({
        typeId: z.int(),
        name: z.string(),
        description: z.string(),
        emoji: z.string().nullable(),
        imageUrl: z.string().nullable(),
        rarity: z.string(),
        supplyMax: z.int().nullable(),
        minted: z.int(),
        burned: z.int(),
        lastPrice: z.int().nullable(),
        shopPrice: z.int().nullable(),
        floorPrice: z.int().nullable(),
        listings: z.int(),
      }),
    ),
  }),
  PublicVerify: z.strictObject({
    ok: z.boolean(),
    chainIntact: z.boolean(),
    matchesReplicatedJournal: z.boolean(),
    entries: z.int(),
    balanceMismatches: z.int(),
    communitySum: z.int(),
    provenance: z
      .strictObject({ ok: z.boolean(), entries: z.int(), editions: z.int(), headHash: z.string() })
      .nullable(),
    checkedAt: z.string(),
  }),
  /** dashboard/economy-panel.service.ts EconomyView. */
  PublicEconomy: z.strictObject({
    currency: z.strictObject({ name: z.string(), symbol: z.string() }),
    supply: z.int(),
    treasury: z.int(),
    schedule: z.strictObject({
      emission: EmissionSchema,
      active: z.boolean(),
      nextDueAt: z.string().nullable(),
      emittedTotal: z.int(),
      demurrageTotal: z.int(),
      demurrage: DemurrageSchema.nullable(),
      taxBps: z.int(),
      taxDestination: FeeDestinationSchema,
    }),
    projection: z.strictObject({
      period: EmissionPeriodSchema,
      points: z.array(
        z.strictObject({
          period: z.int(),
          endsAt: z.string().nullable(),
          emitted: z.int(),
          supply: z.int(),
        }),
      ),
      capReachedAt: z.int().nullable(),
    }),
    flows: z.array(FlowDaySchema).nullable(),
  }),
  /** dashboard/economy-panel.service.ts GovernanceView. */
  PublicGovernance: z.strictObject({
    open: z.array(PublicProposalSchema),
    results: z.array(PublicProposalSchema),
    history: z.array(
      ParameterChangeSchema.pick({
        seq: true,
        parameter: true,
        oldValue: true,
        newValue: true,
        source: true,
        proposalId: true,
        at: true,
      }),
    ),
  }),
} as const;

export interface PublicRoute {
  path: string;
  operationId: string;
  summary: string;
  /** The component its 200 answer is, or null for the live feed (text/event-stream). */
  response: keyof typeof PUBLIC_SCHEMAS | null;
  query?: Record<string, { description: string; schema: Record<string, unknown> }>;
  errors: readonly HttpErrorCode[];
  /** Example requests, answered by the running gateway into openapi.examples.json (communityId: demo-town). */
  examples: RouteExamples;
}

const COMMON_ERRORS: readonly HttpErrorCode[] = [
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'RATE_LIMITED',
  'UNAVAILABLE',
];

/** The examples of a public read: demo-town's, a malformed id, and a private community (harbor). */
const COMMON_EXAMPLES: RouteExamples = {
  ok: {},
  VALIDATION_FAILED: { params: { communityId: 'Demo Town' } },
  NOT_FOUND: { params: { communityId: EX.otherCommunity } },
};

/** The key-less JSON routes the public dashboard reads (dashboard/public.controller.ts). */
export const PUBLIC_ROUTES: readonly PublicRoute[] = [
  {
    path: '/public/communities/{communityId}/overview',
    operationId: 'getPublicOverview',
    summary: "A public community's economy at a glance: supply, members, Gini, velocity, volume.",
    response: 'PublicOverview',
    errors: COMMON_ERRORS,
    examples: COMMON_EXAMPLES,
  },
  {
    path: '/public/communities/{communityId}/leaderboard',
    operationId: 'getPublicLeaderboard',
    summary: 'The top holders, each with the display name the dashboard shows.',
    response: 'PublicLeaderboard',
    errors: COMMON_ERRORS,
    examples: COMMON_EXAMPLES,
  },
  {
    path: '/public/communities/{communityId}/volume',
    operationId: 'getPublicVolume',
    summary: 'Tickets moved per hour over the last 24 hours.',
    response: 'PublicVolume',
    errors: COMMON_ERRORS,
    examples: COMMON_EXAMPLES,
  },
  {
    path: '/public/communities/{communityId}/transactions',
    operationId: 'getPublicTransactions',
    summary: 'The latest transfers, newest first, without memos.',
    response: 'PublicTransactions',
    query: {
      limit: {
        description: 'How many, 1-50 (20 when left out).',
        schema: { type: 'integer', minimum: 1, maximum: 50 },
      },
    },
    errors: COMMON_ERRORS,
    examples: {
      ...COMMON_EXAMPLES,
      ok: { query: { limit: '3' } },
      VALIDATION_FAILED: { query: { limit: '51' } },
    },
  },
  {
    path: '/public/communities/{communityId}/artifacts',
    operationId: 'getPublicArtifacts',
    summary: "The community's artifact types with their market figures.",
    response: 'PublicArtifacts',
    errors: COMMON_ERRORS,
    examples: COMMON_EXAMPLES,
  },
  {
    path: '/public/communities/{communityId}/verify',
    operationId: 'getPublicVerify',
    summary: "A check of this community's books: the hash chain, balances, sum 0 and provenance.",
    response: 'PublicVerify',
    errors: COMMON_ERRORS,
    examples: COMMON_EXAMPLES,
  },
  {
    path: '/public/communities/{communityId}/economy',
    operationId: 'getPublicEconomy',
    summary:
      "The money's schedule (emission, holding fee, tax), the supply it projects, and each day's sources and sinks (emitted, rewarded, minted, taxed, burned; supply and treasury at day's end).",
    response: 'PublicEconomy',
    errors: COMMON_ERRORS,
    examples: COMMON_EXAMPLES,
  },
  {
    path: '/public/communities/{communityId}/governance',
    operationId: 'getPublicGovernance',
    summary:
      'Open proposals with their votes, the latest results with vetoes (who and why), and the history of parameter changes.',
    response: 'PublicGovernance',
    errors: COMMON_ERRORS,
    examples: COMMON_EXAMPLES,
  },
  {
    path: '/public/communities/{communityId}/events',
    operationId: 'streamPublicEvents',
    summary: 'The live feed as Server-Sent Events: transfers and artifact sales as they happen.',
    response: null,
    query: {
      after: {
        description:
          "Resume after this stream position: the SSE `id` of the last event seen (a browser's EventSource sends it by itself as the Last-Event-ID header). The events missed since come first, each once; too far back, an `event: reset` comes instead.",
        schema: { type: 'string', pattern: '^(0|[1-9][0-9]{0,15})$' },
      },
    },
    errors: [...COMMON_ERRORS, 'OVERLOADED'],
    examples: COMMON_EXAMPLES,
  },
];
