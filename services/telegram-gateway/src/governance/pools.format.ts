import type { Pool, PoolPurpose, PoolReleaseReason, PoolStatus } from '@ticketonomics/contracts';
import { formatTime, type Labeler } from './governance.format';

/** How a member reads a pool: names instead of user ids, times written out. */
export interface PoolView {
  id: number;
  title: string;
  opener: string;
  purpose: PoolPurpose;
  /** A prize's winner; null for the treasury and an artifact. */
  recipient: string | null;
  target: number;
  pledged: number;
  pledges: number;
  deadline: string;
  status: PoolStatus;
  releaseReason: PoolReleaseReason | null;
  failure: string | null;
}

export function poolView(pool: Pool, label: Labeler): PoolView {
  return {
    id: pool.id,
    title: pool.title,
    opener: label(pool.openerId),
    purpose: pool.purpose,
    recipient: pool.recipientId === null ? null : label(pool.recipientId),
    target: pool.targetAmount,
    pledged: pool.pledgedAmount,
    pledges: pool.pledgeCount,
    deadline: formatTime(pool.deadline),
    status: pool.status,
    releaseReason: pool.releaseReason,
    failure: pool.failure,
  };
}
