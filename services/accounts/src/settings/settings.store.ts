import type { Database, Statement } from 'better-sqlite3';
import {
  REWARD_SETTINGS_DEFAULT,
  RewardSettingsSchema,
  type CommunitySettings,
  type RewardSettings,
} from '@ticketonomics/contracts';

export interface SettingsRow {
  communityId: string;
  rewards: RewardSettings;
  version: number;
  updatedAt: number;
}

export class SettingsStore {
  private readonly selectOne: Statement;
  private readonly upsertOne: Statement;

  constructor(db: Database) {
    this.selectOne = db.prepare(
      `SELECT community_id AS communityId, rewards, version, updated_at AS updatedAt
       FROM community_settings WHERE community_id = ?`,
    );
    this.upsertOne = db.prepare(
      `INSERT INTO community_settings (community_id, rewards, version, updated_at)
       VALUES (@communityId, @rewards, @version, @updatedAt)
       ON CONFLICT (community_id) DO UPDATE SET rewards = excluded.rewards, version = excluded.version,
        updated_at = excluded.updated_at`,
    );
  }

  /** The stored settings, or the defaults (version 0) as of `since` when none were ever set. */
  get(communityId: string, since: number): SettingsRow {
    const row = this.selectOne.get(communityId) as
      { communityId: string; rewards: string; version: number; updatedAt: number } | undefined;
    if (row === undefined) {
      return { communityId, rewards: { ...REWARD_SETTINGS_DEFAULT }, version: 0, updatedAt: since };
    }
    // Fields added later take their defaults in settings stored before them.
    const rewards = RewardSettingsSchema.parse({ ...REWARD_SETTINGS_DEFAULT, ...JSON.parse(row.rewards) });
    return { ...row, rewards };
  }

  save(row: SettingsRow): void {
    this.upsertOne.run({ ...row, rewards: JSON.stringify(row.rewards) });
  }
}

export function toCommunitySettings(row: SettingsRow): CommunitySettings {
  return {
    communityId: row.communityId,
    rewards: row.rewards,
    version: row.version,
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}
