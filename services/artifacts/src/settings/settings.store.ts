import type { Database, Statement } from 'better-sqlite3';
import {
  ARTIFACT_SETTINGS_DEFAULT,
  type ArtifactSettings,
  type ArtifactSettingsValues,
} from '@ticketonomics/contracts';

export interface SettingsRow extends ArtifactSettingsValues {
  communityId: string;
  /** Null while the community runs on the defaults. */
  updatedAt: number | null;
}

export class SettingsStore {
  private readonly selectOne: Statement;
  private readonly upsertOne: Statement;

  constructor(db: Database) {
    this.selectOne = db.prepare(
      `SELECT community_id AS communityId, market_fee_bps AS marketFeeBps,
        member_creation_enabled AS memberCreationEnabled, creation_fee AS creationFee,
        trade_ttl_ms AS tradeTtlMs, updated_at AS updatedAt
       FROM settings WHERE community_id = ?`,
    );
    this.upsertOne = db.prepare(
      `INSERT INTO settings (community_id, market_fee_bps, member_creation_enabled, creation_fee, trade_ttl_ms, updated_at)
       VALUES (@communityId, @marketFeeBps, @memberCreationEnabled, @creationFee, @tradeTtlMs, @updatedAt)
       ON CONFLICT (community_id) DO UPDATE SET market_fee_bps = excluded.market_fee_bps,
        member_creation_enabled = excluded.member_creation_enabled, creation_fee = excluded.creation_fee,
        trade_ttl_ms = excluded.trade_ttl_ms, updated_at = excluded.updated_at`,
    );
  }

  /** The stored settings, or the defaults when none were ever set. */
  get(communityId: string): SettingsRow {
    const row = this.selectOne.get(communityId) as
      (Omit<SettingsRow, 'memberCreationEnabled'> & { memberCreationEnabled: number }) | undefined;
    if (row === undefined) return { communityId, ...ARTIFACT_SETTINGS_DEFAULT, updatedAt: null };
    return { ...row, memberCreationEnabled: row.memberCreationEnabled === 1 };
  }

  save(row: SettingsRow): void {
    this.upsertOne.run({ ...row, memberCreationEnabled: row.memberCreationEnabled ? 1 : 0 });
  }
}

export function toSettings(row: SettingsRow): ArtifactSettings {
  return {
    communityId: row.communityId,
    marketFeeBps: row.marketFeeBps,
    memberCreationEnabled: row.memberCreationEnabled,
    creationFee: row.creationFee,
    tradeTtlMs: row.tradeTtlMs,
    updatedAt: row.updatedAt === null ? null : new Date(row.updatedAt).toISOString(),
  };
}
