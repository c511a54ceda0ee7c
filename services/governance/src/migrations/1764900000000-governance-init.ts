import { OUTBOX_TABLE_SQL, PROCESSED_EVENTS_TABLE_SQL } from '@ticketonomics/messaging';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const STATUSES = "'voting','passed','applying','applied','rejected','vetoed','cancelled','failed','expired'";

export class GovernanceInit1764900000000 implements MigrationInterface {
  name = 'GovernanceInit1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE settings (
        community_id TEXT PRIMARY KEY,
        voting_period_ms INTEGER NOT NULL,
        quorum_bps INTEGER NOT NULL CHECK (quorum_bps BETWEEN 0 AND 10000),
        threshold_bps INTEGER NOT NULL CHECK (threshold_bps BETWEEN 5001 AND 10000),
        raise_threshold_bps INTEGER NOT NULL CHECK (raise_threshold_bps >= threshold_bps),
        timelock_ms INTEGER NOT NULL,
        membership_days_min INTEGER NOT NULL,
        activity_days INTEGER,
        proposal_cooldown_ms INTEGER NOT NULL,
        open_proposals_max INTEGER NOT NULL,
        version INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      )`,
      // The community's members as accounts reports them: who may propose and vote is read from here.
      `CREATE TABLE members (
        community_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        role TEXT NOT NULL,
        active INTEGER NOT NULL CHECK (active IN (0, 1)),
        joined_at INTEGER NOT NULL,
        last_active_at INTEGER,
        PRIMARY KEY (community_id, user_id)
      )`,
      `CREATE TABLE counters (
        community_id TEXT NOT NULL,
        name TEXT NOT NULL,
        last INTEGER NOT NULL,
        PRIMARY KEY (community_id, name)
      )`,
      `CREATE TABLE proposals (
        community_id TEXT NOT NULL,
        id INTEGER NOT NULL,
        request_id TEXT NOT NULL,
        proposer_id TEXT NOT NULL,
        title TEXT NOT NULL,
        parameter TEXT NOT NULL,
        current_value INTEGER,
        proposed_value INTEGER NOT NULL,
        threshold_bps INTEGER NOT NULL,
        quorum_bps INTEGER NOT NULL,
        timelock_ms INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN (${STATUSES})),
        eligible_count INTEGER NOT NULL,
        yes INTEGER NOT NULL DEFAULT 0,
        no INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        voting_ends_at INTEGER NOT NULL,
        decided_at INTEGER,
        applies_at INTEGER,
        rejected_for TEXT,
        veto_by TEXT,
        veto_reason TEXT,
        vetoed_at INTEGER,
        cancelled_at INTEGER,
        applied_at INTEGER,
        failure TEXT,
        history_seq INTEGER,
        PRIMARY KEY (community_id, id),
        UNIQUE (community_id, request_id)
      )`,
      `CREATE INDEX proposals_voting ON proposals (voting_ends_at) WHERE status = 'voting'`,
      `CREATE INDEX proposals_to_apply ON proposals (applies_at) WHERE status IN ('passed', 'applying')`,
      `CREATE INDEX proposals_by_proposer ON proposals (community_id, proposer_id, created_at)`,
      // The voters fixed when a proposal opened, each with their vote once cast.
      `CREATE TABLE voters (
        community_id TEXT NOT NULL,
        proposal_id INTEGER NOT NULL,
        user_id TEXT NOT NULL,
        choice TEXT CHECK (choice IN ('yes', 'no')),
        voted_at INTEGER,
        PRIMARY KEY (community_id, proposal_id, user_id)
      )`,
      // The last value governance saw of each parameter, to tell what an owner's event changed.
      `CREATE TABLE parameter_values (
        community_id TEXT NOT NULL,
        parameter TEXT NOT NULL,
        value INTEGER,
        PRIMARY KEY (community_id, parameter)
      )`,
      `CREATE TABLE history (
        community_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        parameter TEXT NOT NULL,
        old_value INTEGER,
        new_value INTEGER,
        source TEXT NOT NULL CHECK (source IN ('proposal', 'admin')),
        proposal_id INTEGER,
        at INTEGER NOT NULL,
        PRIMARY KEY (community_id, seq)
      )`,
      `CREATE INDEX history_by_parameter ON history (community_id, parameter, seq)`,
      ...OUTBOX_TABLE_SQL,
      ...PROCESSED_EVENTS_TABLE_SQL,
    ];
    for (const sql of statements) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const tables = ['processed_events', 'outbox', 'history', 'parameter_values', 'voters', 'proposals'];
    for (const table of [...tables, 'counters', 'members', 'settings']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
