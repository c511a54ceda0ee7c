import { z } from 'zod';
import { UserIdSchema } from '../accounts/accounts.schemas';
import { defineCommand } from '../command';
import { AmountSchema, CommunityIdSchema, CursorSchema, IsoTimeSchema, PageSizeSchema } from '../primitives';
import { GOVERNANCE_EXAMPLES } from './governance.commands';
import {
  PledgeSchema,
  POOL_LIMITS,
  PoolIdSchema,
  PoolPurposeSchema,
  PoolRequestIdSchema,
  PoolSchema,
  PoolStatusSchema,
  PoolTitleSchema,
  type PoolPurpose,
} from './pools.schemas';

const EX = GOVERNANCE_EXAMPLES;
const PoolRefShape = { communityId: CommunityIdSchema, poolId: PoolIdSchema };

/** What a member opens a pool with: the fields of pool.open a caller chooses (the HTTP API's body too). */
export const PoolTermsShape = {
  openerId: UserIdSchema,
  title: PoolTitleSchema,
  purpose: PoolPurposeSchema,
  /** The member a prize goes to: required for purpose prize, left out otherwise. */
  recipientId: UserIdSchema.optional(),
  targetAmount: AmountSchema,
  /** When unmet pledges are released: from a second to about 7 days ahead (POOL_LIMITS). */
  deadline: IsoTimeSchema,
};

/** A prize names the member it goes to; a treasury or artifact pool pays the treasury and names nobody. */
export function refinePoolTerms(
  value: { purpose: PoolPurpose; recipientId?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (value.purpose === 'prize' && value.recipientId === undefined) {
    ctx.addIssue({ code: 'custom', path: ['recipientId'], message: 'is required for a prize' });
  }
  if (value.purpose !== 'prize' && value.recipientId !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['recipientId'],
      message: `must be left out: a ${value.purpose} pool pays the treasury`,
    });
  }
}

export const PoolOpenRequestSchema = z
  .strictObject({ requestId: PoolRequestIdSchema, communityId: CommunityIdSchema, ...PoolTermsShape })
  .superRefine(refinePoolTerms);

export const PoolDetailsSchema = z.strictObject({ pool: PoolSchema, pledges: z.array(PledgeSchema) });

export const PoolCommands = {
  poolOpen: defineCommand({
    subject: 'tk.cmd.governance.pool.open',
    summary: `A member opens a cooperation pool: a target amount, a deadline and a purpose (treasury top-up, a prize for one member, or an artifact for the group, paid into the treasury earmarked with the pool). Members pledge until the target is reached, when every pledge is posted at once, or the deadline passes, when every hold is released. At most ${POOL_LIMITS.openPoolsMax} open pools per community. A repeat with the same requestId returns the first pool.`,
    request: PoolOpenRequestSchema,
    response: PoolSchema,
    example: {
      requestId: 'example-pool-1',
      communityId: EX.community,
      openerId: EX.alice,
      title: 'A projector for the club room',
      purpose: 'treasury',
      targetAmount: 500,
      deadline: '2026-12-08T12:00:00.000Z',
    },
  }),
  poolGet: defineCommand({
    subject: 'tk.cmd.governance.pool.get',
    summary: 'One pool with its pledges, oldest first.',
    request: z.strictObject(PoolRefShape),
    response: PoolDetailsSchema,
    example: { communityId: EX.community, poolId: 1 },
  }),
  poolList: defineCommand({
    subject: 'tk.cmd.governance.pool.list',
    summary: "A community's pools, newest first, optionally of one status, a page at a time.",
    request: z.strictObject({
      communityId: CommunityIdSchema,
      status: PoolStatusSchema.optional(),
      cursor: CursorSchema.optional(),
      limit: PageSizeSchema.optional(),
    }),
    response: z.strictObject({ items: z.array(PoolSchema), nextCursor: z.string().nullable() }),
    example: { communityId: EX.community, status: 'open' },
  }),
  poolPledge: defineCommand({
    subject: 'tk.cmd.governance.pool.pledge',
    summary: `A member pledges to an open pool: the amount is held in the ledger (INSUFFICIENT_FUNDS when the member cannot cover it) until the pool settles or releases. At most ${POOL_LIMITS.pledgesMax} pledges per pool. The pledge that reaches the target settles the pool at once: the reply shows it settled. A repeat with the same requestId returns the first pledge.`,
    request: z.strictObject({
      requestId: PoolRequestIdSchema,
      ...PoolRefShape,
      memberId: UserIdSchema,
      amount: AmountSchema,
    }),
    response: z.strictObject({ pledge: PledgeSchema, pool: PoolSchema }),
    example: {
      requestId: 'example-pledge-1',
      communityId: EX.community,
      poolId: 1,
      memberId: EX.bob,
      amount: 100,
    },
  }),
  poolCancel: defineCommand({
    subject: 'tk.cmd.governance.pool.cancel',
    summary:
      'The opener, or an admin (asAdmin; the caller checks the role), cancels an open pool: every pledge is released. A repeat on a pool already cancelled returns it.',
    request: z.strictObject({
      ...PoolRefShape,
      cancelledBy: UserIdSchema,
      asAdmin: z.boolean().default(false),
    }),
    response: PoolSchema,
    example: { communityId: EX.community, poolId: 1, cancelledBy: EX.alice },
  }),
};
