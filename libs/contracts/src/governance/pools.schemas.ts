import { z } from 'zod';
import { UserIdSchema } from '../accounts/accounts.schemas';
import { LEDGER_LIMITS } from '../ledger/ledger.commands';
import {
  AccountIdSchema,
  AmountSchema,
  CommunityIdSchema,
  IsoTimeSchema,
  TransferIdSchema,
} from '../primitives';

const HOUR_MS = 3_600_000;

/**
 * Bounds of cooperation pools. A pledge is a ledger hold that must outlive the deadline by a margin (so a
 * pool settled just before its deadline never meets an expired hold), and a hold lives at most
 * LEDGER_LIMITS.pendingTimeoutMsMax: the deadline is bounded by that minus the margin. Deadlines go down to
 * one second so a community (and the tests) can try a pool in a minute, like governance's voting periods.
 */
export const POOL_LIMITS = {
  deadlineInMsMin: 1_000,
  /** How long a pledge's hold outlives the pool's deadline. */
  holdMarginMs: HOUR_MS,
  deadlineInMsMax: LEDGER_LIMITS.pendingTimeoutMsMax - HOUR_MS,
  /** Every pledge of a pool is posted in one all-or-nothing ledger call. */
  pledgesMax: LEDGER_LIMITS.settleHoldsMax,
  /** Pools open at once in one community. */
  openPoolsMax: 20,
  titleLengthMax: 120,
} as const;

export const PoolIdSchema = z
  .int({ error: 'must be a whole number such as 3' })
  .positive({ error: 'must be 1 or more' })
  .max(Number.MAX_SAFE_INTEGER);

/** Client-chosen key of an opening or a pledge: a repeat with it returns the first result. */
export const PoolRequestIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,48}$/, { error: 'must be 1-48 characters of A-Z, a-z, 0-9, _, ., : or -' });

/**
 * What the pool's money is for when it reaches its target: the community's treasury, a prize paid to one
 * member, or an artifact for the group (paid into the treasury, earmarked with the pool's id, for an
 * admin to buy it: artifacts has no purchase by a community yet).
 */
export const POOL_PURPOSES = ['treasury', 'prize', 'artifact'] as const;
export const PoolPurposeSchema = z.enum(POOL_PURPOSES, {
  error: `must be one of ${POOL_PURPOSES.join(', ')}`,
});
export type PoolPurpose = z.infer<typeof PoolPurposeSchema>;

/**
 * open -> settling -> settled when the pledges reach the target; open -> releasing -> released when the
 * deadline passes first or the opener (or an admin) cancels. settling and releasing are the steps a restart
 * resumes: a pool never ends in both, nor with part of its pledges moved.
 */
export const POOL_STATUSES = ['open', 'settling', 'settled', 'releasing', 'released'] as const;
export const PoolStatusSchema = z.enum(POOL_STATUSES);
export type PoolStatus = z.infer<typeof PoolStatusSchema>;

export const POOL_RELEASE_REASONS = ['deadline', 'cancelled', 'refused'] as const;
export const PoolReleaseReasonSchema = z.enum(POOL_RELEASE_REASONS);
export type PoolReleaseReason = z.infer<typeof PoolReleaseReasonSchema>;

/**
 * holding: asked of the ledger (a restart re-sends the hold); held: the ledger holds it; posted / voided:
 * the pool settled or released.
 */
export const PLEDGE_STATUSES = ['holding', 'held', 'posted', 'voided'] as const;
export const PledgeStatusSchema = z.enum(PLEDGE_STATUSES);
export type PledgeStatus = z.infer<typeof PledgeStatusSchema>;

export const PoolTitleSchema = z
  .string()
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(POOL_LIMITS.titleLengthMax, { error: `must be at most ${POOL_LIMITS.titleLengthMax} characters` });

export const PoolSchema = z.strictObject({
  communityId: CommunityIdSchema,
  id: PoolIdSchema,
  openerId: UserIdSchema,
  title: z.string(),
  purpose: PoolPurposeSchema,
  /** The member a prize goes to; null for the other purposes. */
  recipientId: UserIdSchema.nullable(),
  targetAmount: AmountSchema,
  deadline: IsoTimeSchema,
  status: PoolStatusSchema,
  /** Sum of the pledges the ledger holds (posted, once settled). */
  pledgedAmount: z.int().nonnegative(),
  pledgeCount: z.int().nonnegative(),
  /** The ledger account the pledges are held for: escrow:<community>:pool-<id>. */
  escrowAccountId: AccountIdSchema,
  /** Where the pledged sum goes when the pool settles: the treasury or the prize recipient's account. */
  payoutAccountId: AccountIdSchema,
  /** The ledger transfer that pays the escrow out to payoutAccountId. */
  payoutTransferId: TransferIdSchema,
  createdAt: IsoTimeSchema,
  /** When settling or releasing began, and when it finished. */
  closingAt: IsoTimeSchema.nullable(),
  closedAt: IsoTimeSchema.nullable(),
  releaseReason: PoolReleaseReasonSchema.nullable(),
  /** Who cancelled it; null unless releaseReason is cancelled. */
  cancelledBy: UserIdSchema.nullable(),
  /** Released with reason refused: why the ledger refused to post every pledge. */
  failure: z.string().nullable(),
});
export type Pool = z.infer<typeof PoolSchema>;

export const PledgeSchema = z.strictObject({
  communityId: CommunityIdSchema,
  poolId: PoolIdSchema,
  /** The pledge's number within its pool. */
  seq: z.int().positive(),
  memberId: UserIdSchema,
  amount: AmountSchema,
  status: PledgeStatusSchema,
  /** The ledger hold: pool:<community>:<pool>:<seq>. */
  holdId: TransferIdSchema,
  createdAt: IsoTimeSchema,
});
export type Pledge = z.infer<typeof PledgeSchema>;

/** Ledger names of a pool's money, derived from what identifies it so every retry reuses them. */
export function poolEscrowOwnerId(poolId: number): string {
  return `pool-${poolId}`;
}

export function poolHoldId(communityId: string, poolId: number, seq: number): string {
  return `pool:${communityId}:${poolId}:${seq}`;
}

export function poolPayoutTransferId(communityId: string, poolId: number): string {
  return `pool:${communityId}:${poolId}:payout`;
}
