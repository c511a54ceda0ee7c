import { z } from 'zod';
import { AMOUNT_MAX, AmountSchema, CommunityIdSchema, IsoTimeSchema } from '../primitives';

/** Basis points in a whole: shares of a distribution sum to this. */
export const BPS_WHOLE = 10_000;

/** Limits of a community's emission, distribution and sinks, stated once and quoted in error messages. */
export const ECONOMY_LIMITS = {
  /** Most a rate emission adds per period: 10% of the supply. */
  emissionRateBpsMax: 1_000,
  /** Most a holding fee takes per period of what lies above its threshold: 10%. */
  demurrageRateBpsMax: 1_000,
  distributionRulesMax: 8,
  activeWindowDaysMax: 365,
  roleWeightMax: 1_000_000,
} as const;

export const EMISSION_MODES = ['none', 'fixed', 'rate'] as const;
export const EmissionModeSchema = z.enum(EMISSION_MODES);
export type EmissionMode = z.infer<typeof EmissionModeSchema>;

/** Periods are UTC-aligned (weeks start on Monday 00:00 UTC), so a period's index is the same everywhere. */
export const EMISSION_PERIODS = ['hour', 'day', 'week'] as const;
export const EmissionPeriodSchema = z.enum(EMISSION_PERIODS);
export type EmissionPeriod = z.infer<typeof EmissionPeriodSchema>;

export const FEE_DESTINATIONS = ['treasury', 'burn'] as const;
export const FeeDestinationSchema = z.enum(FEE_DESTINATIONS);
export type FeeDestination = z.infer<typeof FeeDestinationSchema>;

const bps = (max: number, what: string) =>
  z
    .int({ error: `must be a whole number of basis points from 0 to ${max}` })
    .min(0, { error: `must be a whole number of basis points from 0 to ${max}` })
    .max(max, { error: `must be at most ${max} (${max / 100}% ${what})` });

/** What a community mints by itself each period. */
export const EmissionSchema = z.strictObject({
  mode: EmissionModeSchema,
  /** Tickets per period when mode is fixed; null otherwise. */
  amount: AmountSchema.nullable(),
  /** Basis points of the supply per period when mode is rate; 0 otherwise. */
  rateBps: bps(ECONOMY_LIMITS.emissionRateBpsMax, 'of the supply per period'),
  period: EmissionPeriodSchema,
  /** Emission stops at this supply; null: no cap. */
  supplyCap: AmountSchema.nullable(),
  /** The first period emitted is the first that starts at or after this time; null while mode is none. */
  startAt: IsoTimeSchema.nullable(),
});
export type Emission = z.infer<typeof EmissionSchema>;

export const EMISSION_DEFAULT: Emission = {
  mode: 'none',
  amount: null,
  rateBps: 0,
  period: 'day',
  supplyCap: null,
  startAt: null,
};

/** What policy.set takes: the whole emission setting, with defaults for what it leaves out. */
export const EmissionSettingSchema = z
  .strictObject({
    mode: EmissionModeSchema,
    amount: AmountSchema.nullable().default(null),
    rateBps: bps(ECONOMY_LIMITS.emissionRateBpsMax, 'of the supply per period').default(0),
    period: EmissionPeriodSchema.default('day'),
    supplyCap: AmountSchema.nullable().default(null),
    startAt: IsoTimeSchema.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.mode === 'fixed' && value.amount === null) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'is required when mode is fixed' });
    }
    if (value.mode !== 'fixed' && value.amount !== null) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'must be null unless mode is fixed' });
    }
    if (value.mode === 'rate' && value.rateBps === 0) {
      ctx.addIssue({ code: 'custom', path: ['rateBps'], message: 'must be above 0 when mode is rate' });
    }
    if (value.mode !== 'rate' && value.rateBps !== 0) {
      ctx.addIssue({ code: 'custom', path: ['rateBps'], message: 'must be 0 unless mode is rate' });
    }
  });

const shareBps = bps(BPS_WHOLE, 'of the emission');
const roleWeight = z
  .int({ error: `must be a whole number from 0 to ${ECONOMY_LIMITS.roleWeightMax}` })
  .min(0)
  .max(ECONOMY_LIMITS.roleWeightMax);

/** One way to share out a part (shareBps) of each period's emission. */
export const DistributionRuleSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('treasury'), shareBps }),
    /** Equal parts to eligible members active within the last activeWindowDays. */
    z.strictObject({
      kind: z.literal('basicIncome'),
      shareBps,
      activeWindowDays: z
        .int({ error: `must be a whole number of days from 1 to ${ECONOMY_LIMITS.activeWindowDaysMax}` })
        .min(1)
        .max(ECONOMY_LIMITS.activeWindowDaysMax),
    }),
    /** In proportion to the rewards each eligible member earned in the period. */
    z.strictObject({ kind: z.literal('earned'), shareBps }),
    /** In proportion to a weight per role. */
    z.strictObject({
      kind: z.literal('roles'),
      shareBps,
      member: roleWeight,
      admin: roleWeight,
      owner: roleWeight,
    }),
    /** Interest: in proportion to each eligible member's balance, counted up to balanceCap. */
    z.strictObject({ kind: z.literal('interest'), shareBps, balanceCap: AmountSchema }),
  ],
  { error: 'must have kind treasury, basicIncome, earned, roles or interest' },
);
export type DistributionRule = z.infer<typeof DistributionRuleSchema>;

export const DistributionSchema = z
  .array(DistributionRuleSchema)
  .min(1, { error: 'must have at least one rule' })
  .max(ECONOMY_LIMITS.distributionRulesMax, {
    error: `must have at most ${ECONOMY_LIMITS.distributionRulesMax} rules`,
  })
  .superRefine((rules, ctx) => {
    const total = rules.reduce((sum, rule) => sum + rule.shareBps, 0);
    if (total !== BPS_WHOLE) {
      ctx.addIssue({
        code: 'custom',
        message: `shares (shareBps) must sum to ${BPS_WHOLE}; these sum to ${total}`,
      });
    }
  });

export const DISTRIBUTION_DEFAULT: DistributionRule[] = [{ kind: 'treasury', shareBps: BPS_WHOLE }];

/** A holding fee: each period, rateBps of what a member's balance holds above thresholdAmount. */
export const DemurrageSchema = z.strictObject({
  thresholdAmount: z
    .int({ error: 'must be a whole number of tickets' })
    .min(0)
    .max(AMOUNT_MAX, { error: `must be at most ${AMOUNT_MAX}` }),
  rateBps: bps(ECONOMY_LIMITS.demurrageRateBpsMax, 'per period').refine((value) => value > 0, {
    error: 'must be above 0 (set demurrage to null to turn the fee off)',
  }),
  destination: FeeDestinationSchema,
});
export type Demurrage = z.infer<typeof DemurrageSchema>;

/** Where a community's emission schedule stands. */
export const EmissionStatusSchema = z.strictObject({
  communityId: CommunityIdSchema,
  mode: EmissionModeSchema,
  period: EmissionPeriodSchema,
  /** Whether periods are being applied: emission is on or a holding fee is set. */
  active: z.boolean(),
  /** The last period applied (emission and holding fee), as the time it ended; null before the first. */
  lastAppliedPeriodEnd: IsoTimeSchema.nullable(),
  /** When the next period ends and becomes due; null when inactive. */
  nextDueAt: IsoTimeSchema.nullable(),
  periodsApplied: z.int().nonnegative(),
  /** Periods missed beyond the catch-up bound, never applied. */
  periodsSkipped: z.int().nonnegative(),
  emittedTotal: z.int().nonnegative(),
  demurrageTotal: z.int().nonnegative(),
});
export type EmissionStatus = z.infer<typeof EmissionStatusSchema>;

/** What one period applied: its emission, how it was shared, and the holding fees taken. */
export const EmissionAppliedSchema = z.strictObject({
  communityId: CommunityIdSchema,
  period: EmissionPeriodSchema,
  periodIndex: z.int().nonnegative(),
  startsAt: IsoTimeSchema,
  endsAt: IsoTimeSchema,
  emitted: z.int().nonnegative(),
  toTreasury: z.int().nonnegative(),
  toMembers: z.int().nonnegative(),
  recipients: z.int().nonnegative(),
  demurrage: z.strictObject({
    collected: z.int().nonnegative(),
    accounts: z.int().nonnegative(),
    destination: FeeDestinationSchema.nullable(),
  }),
  supplyAfter: z.int().nonnegative(),
});
export type EmissionApplied = z.infer<typeof EmissionAppliedSchema>;

export const GRANT_KINDS = ['grant', 'bounty'] as const;
export const GrantKindSchema = z.enum(GRANT_KINDS);
