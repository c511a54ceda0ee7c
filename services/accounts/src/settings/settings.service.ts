import { Injectable } from '@nestjs/common';
import {
  BARRED_USERS_MAX,
  DomainError,
  RewardSettingsSchema,
  type CommunitySettings,
  type DashboardSettings,
  type RewardSettings,
} from '@ticketonomics/contracts';
import { AccountsEventsEmitter } from '../events/accounts-events.emitter';
import { AccountsStores } from '../store/accounts.stores';
import { toCommunitySettings, type SettingsRow } from './settings.store';

export interface SettingsChange {
  communityId: string;
  rewards?: Partial<RewardSettings>;
  bar?: string[];
  unbar?: string[];
  dashboard?: DashboardSettings;
}

@Injectable()
export class SettingsService {
  constructor(
    private readonly stores: AccountsStores,
    private readonly events: AccountsEventsEmitter,
  ) {}

  get(communityId: string): CommunitySettings {
    return toCommunitySettings(this.current(communityId));
  }

  /** The community's settings (the defaults until set); NOT_FOUND for an unknown community. */
  current(communityId: string): SettingsRow {
    const community = this.stores.communities.require(communityId);
    return this.stores.settings.get(communityId, community.createdAt);
  }

  /** A partial change; bar/unbar apply after the patch. A change that changes nothing is no new version. */
  set(change: SettingsChange): CommunitySettings {
    return this.stores.write(() => {
      const existing = this.current(change.communityId);
      const barred = new Set(change.rewards?.barredUserIds ?? existing.rewards.barredUserIds);
      for (const userId of change.bar ?? []) barred.add(userId);
      for (const userId of change.unbar ?? []) barred.delete(userId);
      if (barred.size > BARRED_USERS_MAX) {
        throw new DomainError(
          'LIMIT_EXCEEDED',
          `bar: at most ${BARRED_USERS_MAX} members can be barred; unbar some first`,
          { field: 'bar', limit: BARRED_USERS_MAX },
        );
      }
      const rewards: RewardSettings = RewardSettingsSchema.parse({
        ...existing.rewards,
        ...change.rewards,
        barredUserIds: [...barred],
      });
      const dashboard: DashboardSettings = { ...existing.dashboard, ...change.dashboard };
      const unchanged =
        JSON.stringify(rewards) === JSON.stringify(existing.rewards) &&
        dashboard.public === existing.dashboard.public;
      if (unchanged && existing.version > 0) return toCommunitySettings(existing);
      const row: SettingsRow = {
        communityId: change.communityId,
        rewards,
        dashboard,
        version: existing.version + 1,
        updatedAt: Date.now(),
      };
      this.stores.settings.save(row);
      const settings = toCommunitySettings(row);
      this.events.settingsUpdated(settings);
      return settings;
    });
  }
}
