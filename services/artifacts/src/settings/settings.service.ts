import { Injectable } from '@nestjs/common';
import type { ArtifactSettings, ArtifactSettingsValues } from '@ticketonomics/contracts';
import { ArtifactsEventsEmitter } from '../events/artifacts-events.emitter';
import { ArtifactsStores } from '../store/artifacts.stores';
import { toSettings, type SettingsRow } from './settings.store';

@Injectable()
export class SettingsService {
  constructor(
    private readonly stores: ArtifactsStores,
    private readonly events: ArtifactsEventsEmitter,
  ) {}

  get(communityId: string): ArtifactSettings {
    return toSettings(this.stores.settings.get(communityId));
  }

  /** A partial change. A change that changes nothing stored is no new version and no event. */
  set(change: { communityId: string } & Partial<ArtifactSettingsValues>): ArtifactSettings {
    return this.stores.write(() => {
      const existing = this.stores.settings.get(change.communityId);
      const row: SettingsRow = {
        communityId: change.communityId,
        marketFeeBps: change.marketFeeBps ?? existing.marketFeeBps,
        memberCreationEnabled: change.memberCreationEnabled ?? existing.memberCreationEnabled,
        creationFee: change.creationFee ?? existing.creationFee,
        tradeTtlMs: change.tradeTtlMs ?? existing.tradeTtlMs,
        updatedAt: Date.now(),
      };
      const same = (['marketFeeBps', 'memberCreationEnabled', 'creationFee', 'tradeTtlMs'] as const).every(
        (key) => row[key] === existing[key],
      );
      if (same && existing.updatedAt !== null) return toSettings(existing);
      this.stores.settings.save(row);
      const settings = toSettings(row);
      this.events.settingsUpdated(settings);
      return settings;
    });
  }
}
