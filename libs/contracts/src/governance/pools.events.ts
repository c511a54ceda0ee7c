import { z } from 'zod';
import { defineEvent, type EventSpec } from '../command';
import { CommunityIdSchema } from '../primitives';
import { GOVERNANCE_EXAMPLES } from './governance.commands';
import { PledgeSchema, PoolSchema, type Pool } from './pools.schemas';

const EX = GOVERNANCE_EXAMPLES;
const time = '2026-12-01T12:00:00.000Z';

const examplePool: Pool = {
  communityId: EX.community,
  id: 1,
  openerId: EX.alice,
  title: 'A projector for the club room',
  purpose: 'treasury',
  recipientId: null,
  targetAmount: 500,
  deadline: '2026-12-08T12:00:00.000Z',
  status: 'open',
  pledgedAmount: 0,
  pledgeCount: 0,
  escrowAccountId: 'escrow:demo:pool-1',
  payoutAccountId: 'treasury:demo',
  payoutTransferId: 'pool:demo:1:payout',
  createdAt: time,
  closingAt: null,
  closedAt: null,
  releaseReason: null,
  cancelledBy: null,
  failure: null,
};

export const PoolPledgedDataSchema = z.strictObject({
  communityId: CommunityIdSchema,
  pledge: PledgeSchema,
  pool: PoolSchema,
});

const NOTE = 'communityid is the community id; subject is the pool number.';

export const PoolEvents = {
  poolOpened: defineEvent({
    type: 'tk.evt.governance.pool.opened',
    summary: `A member opened a cooperation pool. Data: the pool. ${NOTE}`,
    data: PoolSchema,
    example: examplePool,
  }),
  poolPledged: defineEvent({
    type: 'tk.evt.governance.pool.pledged',
    summary: `The ledger holds a member's pledge. Data: the pledge and the pool's sum after it. ${NOTE}`,
    data: PoolPledgedDataSchema,
    example: {
      communityId: EX.community,
      pledge: {
        communityId: EX.community,
        poolId: 1,
        seq: 1,
        memberId: EX.bob,
        amount: 100,
        status: 'held',
        holdId: 'pool:demo:1:1',
        createdAt: time,
      },
      pool: { ...examplePool, pledgedAmount: 100, pledgeCount: 1 },
    },
  }),
  poolSettled: defineEvent({
    type: 'tk.evt.governance.pool.settled',
    summary: `The pool reached its target: every pledge was posted and the sum paid to payoutAccountId, in one ledger transaction. Data: the pool. ${NOTE}`,
    data: PoolSchema,
    example: {
      ...examplePool,
      status: 'settled',
      pledgedAmount: 500,
      pledgeCount: 4,
      closingAt: '2026-12-02T09:00:00.000Z',
      closedAt: '2026-12-02T09:00:00.000Z',
    },
  }),
  poolReleased: defineEvent({
    type: 'tk.evt.governance.pool.released',
    summary: `Every pledge's hold was released: the deadline passed before the target, the opener or an admin cancelled, or the ledger refused to post them (releaseReason, failure). No money moved. Data: the pool. ${NOTE}`,
    data: PoolSchema,
    example: {
      ...examplePool,
      status: 'released',
      pledgedAmount: 300,
      pledgeCount: 3,
      closingAt: '2026-12-08T12:00:00.000Z',
      closedAt: '2026-12-08T12:00:01.000Z',
      releaseReason: 'deadline',
    },
  }),
};

/** The CloudEvent `subject` and `communityid` of a pool event, from its data. */
export function poolEventAddress(spec: EventSpec, data: unknown): { subject: string; communityId: string } {
  const value = data as Record<string, unknown> & { communityId: string };
  if (spec.type === PoolEvents.poolPledged.type) {
    return { subject: String((value['pool'] as Pool).id), communityId: value.communityId };
  }
  if (!Object.values(PoolEvents).some((event) => event.type === spec.type)) {
    throw new Error(`${spec.type} is not a pool event`);
  }
  return { subject: String(value['id']), communityId: value.communityId };
}
