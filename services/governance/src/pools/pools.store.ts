import type { Database, Statement } from 'better-sqlite3';
import {
  ledgerAccountId,
  poolEscrowOwnerId,
  poolHoldId,
  poolPayoutTransferId,
  type Pledge,
  type PledgeStatus,
  type Pool,
  type PoolPurpose,
  type PoolReleaseReason,
  type PoolStatus,
} from '@ticketonomics/contracts';

export interface PoolRow {
  communityId: string;
  id: number;
  requestId: string;
  openerId: string;
  title: string;
  purpose: PoolPurpose;
  recipientId: string | null;
  targetAmount: number;
  deadline: number;
  status: PoolStatus;
  pledgedAmount: number;
  pledgeCount: number;
  nextPledgeSeq: number;
  createdAt: number;
  closingAt: number | null;
  closedAt: number | null;
  releaseReason: PoolReleaseReason | null;
  cancelledBy: string | null;
  failure: string | null;
}

export interface PledgeRow {
  communityId: string;
  poolId: number;
  seq: number;
  requestId: string;
  memberId: string;
  amount: number;
  status: PledgeStatus;
  /** The hold's timeout, fixed when the row is written so a re-sent hold is the same request. */
  holdTimeoutMs: number;
  createdAt: number;
}

const POOL_COLUMNS = `community_id AS communityId, id, request_id AS requestId, opener_id AS openerId, title,
  purpose, recipient_id AS recipientId, target_amount AS targetAmount, deadline, status,
  pledged_amount AS pledgedAmount, pledge_count AS pledgeCount, next_pledge_seq AS nextPledgeSeq,
  created_at AS createdAt, closing_at AS closingAt, closed_at AS closedAt, release_reason AS releaseReason,
  cancelled_by AS cancelledBy, failure`;

const PLEDGE_COLUMNS = `community_id AS communityId, pool_id AS poolId, seq, request_id AS requestId,
  member_id AS memberId, amount, status, hold_timeout_ms AS holdTimeoutMs, created_at AS createdAt`;

export class PoolsStore {
  private readonly insertPool: Statement;
  private readonly updatePool: Statement;
  private readonly selectPool: Statement;
  private readonly selectPoolByRequest: Statement;
  private readonly selectPage: Statement;
  private readonly selectClosing: Statement;
  private readonly selectExpired: Statement;
  private readonly countOpen: Statement;
  private readonly selectCounts: Statement;
  private readonly insertPledge: Statement;
  private readonly updatePledge: Statement;
  private readonly deletePledge: Statement;
  private readonly selectPledge: Statement;
  private readonly selectPledgeByRequest: Statement;
  private readonly selectPledges: Statement;
  private readonly countActive: Statement;
  private readonly selectHolding: Statement;

  constructor(db: Database) {
    this.insertPool = db.prepare(
      `INSERT INTO pools (community_id, id, request_id, opener_id, title, purpose, recipient_id, target_amount,
        deadline, status, pledged_amount, pledge_count, next_pledge_seq, created_at)
       VALUES (@communityId, @id, @requestId, @openerId, @title, @purpose, @recipientId, @targetAmount,
        @deadline, @status, @pledgedAmount, @pledgeCount, @nextPledgeSeq, @createdAt)`,
    );
    this.updatePool = db.prepare(
      `UPDATE pools SET status = @status, pledged_amount = @pledgedAmount, pledge_count = @pledgeCount,
        next_pledge_seq = @nextPledgeSeq, closing_at = @closingAt, closed_at = @closedAt,
        release_reason = @releaseReason, cancelled_by = @cancelledBy, failure = @failure
       WHERE community_id = @communityId AND id = @id`,
    );
    this.selectPool = db.prepare(`SELECT ${POOL_COLUMNS} FROM pools WHERE community_id = ? AND id = ?`);
    this.selectPoolByRequest = db.prepare(
      `SELECT ${POOL_COLUMNS} FROM pools WHERE community_id = ? AND request_id = ?`,
    );
    this.selectPage = db.prepare(
      `SELECT ${POOL_COLUMNS} FROM pools
       WHERE community_id = @communityId AND (@status IS NULL OR status = @status)
         AND (@before IS NULL OR id < @before)
       ORDER BY id DESC LIMIT @limit`,
    );
    this.selectClosing = db.prepare(
      `SELECT ${POOL_COLUMNS} FROM pools WHERE status IN ('settling', 'releasing') ORDER BY closing_at LIMIT ?`,
    );
    this.selectExpired = db.prepare(
      `SELECT ${POOL_COLUMNS} FROM pools WHERE status = 'open' AND deadline <= ? ORDER BY deadline LIMIT ?`,
    );
    this.countOpen = db.prepare(`SELECT COUNT(*) AS n FROM pools WHERE community_id = ? AND status = 'open'`);
    this.selectCounts = db.prepare('SELECT status, COUNT(*) AS n FROM pools GROUP BY status');
    this.insertPledge = db.prepare(
      `INSERT INTO pool_pledges (community_id, pool_id, seq, request_id, member_id, amount, status,
        hold_timeout_ms, created_at)
       VALUES (@communityId, @poolId, @seq, @requestId, @memberId, @amount, @status, @holdTimeoutMs, @createdAt)`,
    );
    this.updatePledge = db.prepare(
      'UPDATE pool_pledges SET status = ? WHERE community_id = ? AND pool_id = ? AND seq = ?',
    );
    this.deletePledge = db.prepare(
      'DELETE FROM pool_pledges WHERE community_id = ? AND pool_id = ? AND seq = ?',
    );
    this.selectPledge = db.prepare(
      `SELECT ${PLEDGE_COLUMNS} FROM pool_pledges WHERE community_id = ? AND pool_id = ? AND seq = ?`,
    );
    this.selectPledgeByRequest = db.prepare(
      `SELECT ${PLEDGE_COLUMNS} FROM pool_pledges WHERE community_id = ? AND pool_id = ? AND request_id = ?`,
    );
    this.selectPledges = db.prepare(
      `SELECT ${PLEDGE_COLUMNS} FROM pool_pledges WHERE community_id = ? AND pool_id = ? ORDER BY seq`,
    );
    this.countActive = db.prepare(
      `SELECT COUNT(*) AS n FROM pool_pledges
       WHERE community_id = ? AND pool_id = ? AND status IN ('holding', 'held', 'posted')`,
    );
    this.selectHolding = db.prepare(
      `SELECT ${PLEDGE_COLUMNS} FROM pool_pledges WHERE status = 'holding' AND created_at <= ?
       ORDER BY created_at LIMIT ?`,
    );
  }

  insert(row: PoolRow): void {
    this.insertPool.run(row);
  }

  update(row: PoolRow): void {
    this.updatePool.run(row);
  }

  find(communityId: string, id: number): PoolRow | null {
    return (this.selectPool.get(communityId, id) as PoolRow | undefined) ?? null;
  }

  findByRequest(communityId: string, requestId: string): PoolRow | null {
    return (this.selectPoolByRequest.get(communityId, requestId) as PoolRow | undefined) ?? null;
  }

  page(communityId: string, status: PoolStatus | null, before: number | null, limit: number): PoolRow[] {
    return this.selectPage.all({ communityId, status, before, limit }) as PoolRow[];
  }

  /** Pools of every community of the partition being settled or released. */
  closing(limit: number): PoolRow[] {
    return this.selectClosing.all(limit) as PoolRow[];
  }

  /** Open pools whose deadline has passed. */
  expired(atMs: number, limit: number): PoolRow[] {
    return this.selectExpired.all(atMs, limit) as PoolRow[];
  }

  openCount(communityId: string): number {
    return (this.countOpen.get(communityId) as { n: number }).n;
  }

  countByStatus(): Partial<Record<PoolStatus, number>> {
    const rows = this.selectCounts.all() as Array<{ status: PoolStatus; n: number }>;
    return Object.fromEntries(rows.map((row) => [row.status, row.n]));
  }

  insertPledgeRow(row: PledgeRow): void {
    this.insertPledge.run(row);
  }

  setPledgeStatus(row: PledgeRow, status: PledgeStatus): void {
    this.updatePledge.run(status, row.communityId, row.poolId, row.seq);
  }

  /** A pledge the ledger refused to hold: it never counted, and its requestId may be used again. */
  forgetPledge(row: PledgeRow): void {
    this.deletePledge.run(row.communityId, row.poolId, row.seq);
  }

  findPledge(communityId: string, poolId: number, seq: number): PledgeRow | null {
    return (this.selectPledge.get(communityId, poolId, seq) as PledgeRow | undefined) ?? null;
  }

  findPledgeByRequest(communityId: string, poolId: number, requestId: string): PledgeRow | null {
    return (this.selectPledgeByRequest.get(communityId, poolId, requestId) as PledgeRow | undefined) ?? null;
  }

  pledges(communityId: string, poolId: number): PledgeRow[] {
    return this.selectPledges.all(communityId, poolId) as PledgeRow[];
  }

  /** Pledges holding, held or posted: what counts against POOL_LIMITS.pledgesMax. */
  activePledgeCount(communityId: string, poolId: number): number {
    return (this.countActive.get(communityId, poolId) as { n: number }).n;
  }

  /** Pledges asked of the ledger at or before `createdBy` and not yet confirmed, oldest first. */
  holding(createdBy: number, limit: number): PledgeRow[] {
    return this.selectHolding.all(createdBy, limit) as PledgeRow[];
  }
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export const escrowOf = (row: { communityId: string; id: number }): string =>
  ledgerAccountId('escrow', row.communityId, poolEscrowOwnerId(row.id));

export const payoutOf = (row: PoolRow): string =>
  row.purpose === 'prize' && row.recipientId !== null
    ? ledgerAccountId('user', row.communityId, row.recipientId)
    : ledgerAccountId('treasury', row.communityId);

export const holdIdOf = (row: PledgeRow): string => poolHoldId(row.communityId, row.poolId, row.seq);

export function toPool(row: PoolRow): Pool {
  return {
    communityId: row.communityId,
    id: row.id,
    openerId: row.openerId,
    title: row.title,
    purpose: row.purpose,
    recipientId: row.recipientId,
    targetAmount: row.targetAmount,
    deadline: new Date(row.deadline).toISOString(),
    status: row.status,
    pledgedAmount: row.pledgedAmount,
    pledgeCount: row.pledgeCount,
    escrowAccountId: escrowOf(row),
    payoutAccountId: payoutOf(row),
    payoutTransferId: poolPayoutTransferId(row.communityId, row.id),
    createdAt: new Date(row.createdAt).toISOString(),
    closingAt: iso(row.closingAt),
    closedAt: iso(row.closedAt),
    releaseReason: row.releaseReason,
    cancelledBy: row.cancelledBy,
    failure: row.failure,
  };
}

export function toPledge(row: PledgeRow): Pledge {
  return {
    communityId: row.communityId,
    poolId: row.poolId,
    seq: row.seq,
    memberId: row.memberId,
    amount: row.amount,
    status: row.status,
    holdId: holdIdOf(row),
    createdAt: new Date(row.createdAt).toISOString(),
  };
}
