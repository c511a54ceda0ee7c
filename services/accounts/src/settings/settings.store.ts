import type { Database, Statement } from 'better-sqlite3';
import {
  DASHBOARD_SETTINGS_DEFAULT,
  REWARD_SETTINGS_DEFAULT,
  RewardSettingsSchema,
  type CommunitySettings,
  type DashboardSettings,
  type RewardSettings,
} from '@ticketonomics/contracts';

export interface SettingsRow {
  communityId: string;
  rewards: RewardSettings;
  dashboard: DashboardSettings;
  version: number;
  updatedAt: number;
}

export class SettingsStore {
  private readonly selectOne: Statement;
  private readonly upsertOne: Statement;

  constructor(db: Database) {
    this.selectOne = db.prepare(
      `SELECT community_id AS communityId, rewards, dashboard_public AS dashboardPublic, version,
        updated_at AS updatedAt
       FROM community_settings WHERE community_id = ?`,
    );
    this.upsertOne = db.prepare(
      `INSERT INTO community_settings (community_id, rewards, dashboard_public, version, updated_at)
       VALUES (@communityId, @rewards, @dashboardPublic, @version, @updatedAt)
       ON CONFLICT (community_id) DO UPDATE SET rewards = excluded.rewards,
        dashboard_public = excluded.dashboard_public, version = excluded.version,
        updated_at = excluded.updated_at`,
    );
  }

  /** The stored settings, or the defaults (version 0) as of `since` when none were ever set. */
  get(communityId: string, since: number): SettingsRow {
    const row = this.selectOne.get(communityId) as
      | { communityId: string; rewards: string; dashboardPublic: number; version: number; updatedAt: number }
      | undefined;
    if (row === undefined) {
      return {
        communityId,
        rewards: { ...REWARD_SETTINGS_DEFAULT },
        dashboard: { ...DASHBOARD_SETTINGS_DEFAULT },
        version: 0,
        updatedAt: since,
      };
    }
    // Fields added later take their defaults in settings stored before them.
    const rewards = RewardSettingsSchema.parse({ ...REWARD_SETTINGS_DEFAULT, ...JSON.parse(row.rewards) });
    return {
      communityId: row.communityId,
      rewards,
      dashboard: { public: row.dashboardPublic === 1 },
      version: row.version,
      updatedAt: row.updatedAt,
    };
  }

  save(row: SettingsRow): void {
    this.upsertOne.run({
      communityId: row.communityId,
      rewards: JSON.stringify(row.rewards),
      dashboardPublic: row.dashboard.public ? 1 : 0,
      version: row.version,
      updatedAt: row.updatedAt,
    });
  }
}

export function toCommunitySettings(row: SettingsRow): CommunitySettings {
  return {
    communityId: row.communityId,
    rewards: row.rewards,
    dashboard: row.dashboard,
    version: row.version,
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}
