import type { Database, Statement } from 'better-sqlite3';
import type { ParameterId, Proposal, ProposalStatus } from '@ticketonomics/contracts';

export interface ProposalRow {
  communityId: string;
  id: number;
  requestId: string;
  proposerId: string;
  title: string;
  parameter: ParameterId;
  currentValue: number | null;
  proposedValue: number;
  /** The member a grant pays; null for a setting. */
  recipientId: string | null;
  thresholdBps: number;
  quorumBps: number;
  timelockMs: number;
  status: ProposalStatus;
  eligibleCount: number;
  yes: number;
  no: number;
  createdAt: number;
  votingEndsAt: number;
  decidedAt: number | null;
  appliesAt: number | null;
  rejectedFor: 'quorum' | 'threshold' | null;
  vetoBy: string | null;
  vetoReason: string | null;
  vetoedAt: number | null;
  cancelledAt: number | null;
  appliedAt: number | null;
  failure: string | null;
}

const COLUMNS = `community_id AS communityId, id, request_id AS requestId, proposer_id AS proposerId, title,
  parameter, current_value AS currentValue, proposed_value AS proposedValue, recipient_id AS recipientId, threshold_bps AS thresholdBps,
  quorum_bps AS quorumBps, timelock_ms AS timelockMs, status, eligible_count AS eligibleCount, yes, no,
  created_at AS createdAt, voting_ends_at AS votingEndsAt, decided_at AS decidedAt, applies_at AS appliesAt,
  rejected_for AS rejectedFor, veto_by AS vetoBy, veto_reason AS vetoReason, vetoed_at AS vetoedAt,
  cancelled_at AS cancelledAt, applied_at AS appliedAt, failure`;

export class ProposalsStore {
  private readonly insertOne: Statement;
  private readonly updateOne: Statement;
  private readonly selectOne: Statement;
  private readonly selectByRequest: Statement;
  private readonly selectPage: Statement;
  private readonly selectVotingDue: Statement;
  private readonly selectToApply: Statement;
  private readonly countOpen: Statement;
  private readonly selectLastOf: Statement;
  private readonly selectUnlinked: Statement;
  private readonly linkOne: Statement;
  private readonly selectCounts: Statement;

  constructor(db: Database) {
    this.insertOne = db.prepare(
      `INSERT INTO proposals (community_id, id, request_id, proposer_id, title, parameter, current_value,
        proposed_value, recipient_id, threshold_bps, quorum_bps, timelock_ms, status, eligible_count, created_at,
        voting_ends_at)
       VALUES (@communityId, @id, @requestId, @proposerId, @title, @parameter, @currentValue, @proposedValue,
        @recipientId, @thresholdBps, @quorumBps, @timelockMs, @status, @eligibleCount, @createdAt, @votingEndsAt)`,
    );
    this.updateOne = db.prepare(
      `UPDATE proposals SET status = @status, yes = @yes, no = @no, decided_at = @decidedAt,
        applies_at = @appliesAt, rejected_for = @rejectedFor, veto_by = @vetoBy, veto_reason = @vetoReason,
        vetoed_at = @vetoedAt, cancelled_at = @cancelledAt, applied_at = @appliedAt, failure = @failure
       WHERE community_id = @communityId AND id = @id`,
    );
    this.selectOne = db.prepare(`SELECT ${COLUMNS} FROM proposals WHERE community_id = ? AND id = ?`);
    this.selectByRequest = db.prepare(
      `SELECT ${COLUMNS} FROM proposals WHERE community_id = ? AND request_id = ?`,
    );
    this.selectPage = db.prepare(
      `SELECT ${COLUMNS} FROM proposals
       WHERE community_id = @communityId AND (@status IS NULL OR status = @status)
         AND (@before IS NULL OR id < @before)
       ORDER BY id DESC LIMIT @limit`,
    );
    this.selectVotingDue = db.prepare(
      `SELECT ${COLUMNS} FROM proposals WHERE status = 'voting' AND voting_ends_at <= ?
       ORDER BY voting_ends_at LIMIT ?`,
    );
    this.selectToApply = db.prepare(
      `SELECT ${COLUMNS} FROM proposals WHERE status IN ('passed', 'applying') AND applies_at <= ?
       ORDER BY applies_at LIMIT ?`,
    );
    this.countOpen = db.prepare(
      `SELECT COUNT(*) AS n FROM proposals
       WHERE community_id = ? AND status IN ('voting', 'passed', 'applying')`,
    );
    this.selectLastOf = db.prepare(
      `SELECT MAX(created_at) AS at FROM proposals WHERE community_id = ? AND proposer_id = ?`,
    );
    this.selectUnlinked = db.prepare(
      `SELECT id, current_value AS currentValue FROM proposals
       WHERE community_id = ? AND parameter = ? AND proposed_value = ?
        AND status IN ('applying', 'applied') AND history_seq IS NULL ORDER BY id LIMIT 1`,
    );
    this.linkOne = db.prepare('UPDATE proposals SET history_seq = ? WHERE community_id = ? AND id = ?');
    this.selectCounts = db.prepare('SELECT status, COUNT(*) AS n FROM proposals GROUP BY status');
  }

  insert(row: ProposalRow): void {
    this.insertOne.run(row);
  }

  update(row: ProposalRow): void {
    this.updateOne.run(row);
  }

  find(communityId: string, id: number): ProposalRow | null {
    return (this.selectOne.get(communityId, id) as ProposalRow | undefined) ?? null;
  }

  findByRequest(communityId: string, requestId: string): ProposalRow | null {
    return (this.selectByRequest.get(communityId, requestId) as ProposalRow | undefined) ?? null;
  }

  page(
    communityId: string,
    status: ProposalStatus | null,
    before: number | null,
    limit: number,
  ): ProposalRow[] {
    return this.selectPage.all({ communityId, status, before, limit }) as ProposalRow[];
  }

  /** Proposals of every community of the partition whose vote has ended. */
  votingDue(atMs: number, limit: number): ProposalRow[] {
    return this.selectVotingDue.all(atMs, limit) as ProposalRow[];
  }

  /** Passed proposals past their timelock, and ones whose application was begun. */
  toApply(atMs: number, limit: number): ProposalRow[] {
    return this.selectToApply.all(atMs, limit) as ProposalRow[];
  }

  /** Every community of the partition: proposals per status. */
  countByStatus(): Partial<Record<ProposalStatus, number>> {
    const rows = this.selectCounts.all() as Array<{ status: ProposalStatus; n: number }>;
    return Object.fromEntries(rows.map((row) => [row.status, row.n]));
  }

  openCount(communityId: string): number {
    return (this.countOpen.get(communityId) as { n: number }).n;
  }

  lastCreatedAt(communityId: string, proposerId: string): number | null {
    return (this.selectLastOf.get(communityId, proposerId) as { at: number | null }).at;
  }

  /**
   * The proposal whose change a parameter's new value is, if one is being or was applied and is not yet
   * in the history, with the value it was proposed from.
   */
  unrecordedChange(
    communityId: string,
    parameter: ParameterId,
    value: number,
  ): { id: number; currentValue: number | null } | null {
    const row = this.selectUnlinked.get(communityId, parameter, value) as
      { id: number; currentValue: number | null } | undefined;
    return row ?? null;
  }

  /** Marks a proposal's change as recorded in the history entry `historySeq`. */
  link(communityId: string, id: number, historySeq: number): void {
    this.linkOne.run(historySeq, communityId, id);
  }
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function toProposal(row: ProposalRow): Proposal {
  return {
    communityId: row.communityId,
    id: row.id,
    proposerId: row.proposerId,
    title: row.title,
    parameter: row.parameter,
    currentValue: row.currentValue,
    proposedValue: row.proposedValue,
    recipientId: row.recipientId,
    thresholdBps: row.thresholdBps,
    quorumBps: row.quorumBps,
    timelockMs: row.timelockMs,
    status: row.status,
    eligibleCount: row.eligibleCount,
    yes: row.yes,
    no: row.no,
    createdAt: new Date(row.createdAt).toISOString(),
    votingEndsAt: new Date(row.votingEndsAt).toISOString(),
    decidedAt: iso(row.decidedAt),
    appliesAt: iso(row.appliesAt),
    rejectedFor: row.rejectedFor,
    veto:
      row.vetoBy === null || row.vetoedAt === null
        ? null
        : { by: row.vetoBy, reason: row.vetoReason ?? '', at: new Date(row.vetoedAt).toISOString() },
    cancelledAt: iso(row.cancelledAt),
    appliedAt: iso(row.appliedAt),
    failure: row.failure,
  };
}
