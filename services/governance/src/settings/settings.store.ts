import type { Database, Statement } from 'better-sqlite3';
import {
  GOVERNANCE_SETTINGS_DEFAULT,
  type GovernanceSettings,
  type GovernanceSettingsValues,
} from '@ticketonomics/contracts';

export interface SettingsRow extends GovernanceSettingsValues {
  communityId: string;
  version: number;
  /** Null while the community runs on the defaults. */
  updatedAt: number | null;
}

export class SettingsStore {
  private readonly selectOne: Statement;
  private readonly upsertOne: Statement;

  constructor(db: Database) {
    this.selectOne = db.prepare(
      `SELECT community_id AS communityId, voting_period_ms AS votingPeriodMs, quorum_bps AS quorumBps,
        threshold_bps AS thresholdBps, raise_threshold_bps AS raiseThresholdBps, timelock_ms AS timelockMs,
        membership_days_min AS membershipDaysMin, activity_days AS activityDays,
        proposal_cooldown_ms AS proposalCooldownMs, open_proposals_max AS openProposalsMax,
        version, updated_at AS updatedAt
       FROM settings WHERE community_id = ?`,
    );
    this.upsertOne = db.prepare(
      `INSERT INTO settings (community_id, voting_period_ms, quorum_bps, threshold_bps, raise_threshold_bps,
        timelock_ms, membership_days_min, activity_days, proposal_cooldown_ms, open_proposals_max, version, updated_at)
       VALUES (@communityId, @votingPeriodMs, @quorumBps, @thresholdBps, @raiseThresholdBps, @timelockMs,
        @membershipDaysMin, @activityDays, @proposalCooldownMs, @openProposalsMax, @version, @updatedAt)
       ON CONFLICT (community_id) DO UPDATE SET voting_period_ms = excluded.voting_period_ms,
        quorum_bps = excluded.quorum_bps, threshold_bps = excluded.threshold_bps,
        raise_threshold_bps = excluded.raise_threshold_bps, timelock_ms = excluded.timelock_ms,
        membership_days_min = excluded.membership_days_min, activity_days = excluded.activity_days,
        proposal_cooldown_ms = excluded.proposal_cooldown_ms, open_proposals_max = excluded.open_proposals_max,
        version = excluded.version, updated_at = excluded.updated_at`,
    );
  }

  /** The stored rules, or the defaults (version 0) when none were ever set. */
  get(communityId: string): SettingsRow {
    const row = this.selectOne.get(communityId) as SettingsRow | undefined;
    return row ?? { communityId, ...GOVERNANCE_SETTINGS_DEFAULT, version: 0, updatedAt: null };
  }

  save(row: SettingsRow): void {
    this.upsertOne.run(row);
  }
}

export function toSettings(row: SettingsRow): GovernanceSettings {
  return { ...row, updatedAt: row.updatedAt === null ? null : new Date(row.updatedAt).toISOString() };
}
