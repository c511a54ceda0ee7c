import { Injectable } from '@nestjs/common';
import type { GovernanceRequest } from '../governance.commands';
import { DomainError, type GovernanceSettings } from '@ticketonomics/contracts';
import { GovernanceEventsEmitter } from '../events/governance-events.emitter';
import { GovernanceStores } from '../store/governance.stores';
import { toSettings, type SettingsRow } from './settings.store';

const FIELDS = [
  'votingPeriodMs',
  'quorumBps',
  'thresholdBps',
  'raiseThresholdBps',
  'timelockMs',
  'membershipDaysMin',
  'activityDays',
  'proposalCooldownMs',
  'openProposalsMax',
] as const;

@Injectable()
export class SettingsService {
  constructor(
    private readonly stores: GovernanceStores,
    private readonly events: GovernanceEventsEmitter,
  ) {}

  get(communityId: string): GovernanceSettings {
    return toSettings(this.stores.settings.get(communityId));
  }

  /** A partial change. A change that changes nothing stored is no new version and no event. */
  set(change: GovernanceRequest<'settingsSet'>): GovernanceSettings {
    return this.stores.write(() => {
      const existing = this.stores.settings.get(change.communityId);
      const next = { ...existing };
      for (const field of FIELDS) {
        const value = change[field];
        if (value !== undefined) Object.assign(next, { [field]: value });
      }
      // The schema checks the pair when both are sent; one of them against the stored other is checked here.
      if (next.raiseThresholdBps < next.thresholdBps) {
        throw new DomainError(
          'VALIDATION_FAILED',
          `raiseThresholdBps must be at least thresholdBps (${next.thresholdBps})`,
          { field: 'raiseThresholdBps' },
        );
      }
      const same = FIELDS.every((field) => next[field] === existing[field]);
      if (same && existing.version > 0) return toSettings(existing);
      const row: SettingsRow = { ...next, version: existing.version + 1, updatedAt: Date.now() };
      this.stores.settings.save(row);
      const settings = toSettings(row);
      this.events.settingsUpdated(settings);
      return settings;
    });
  }
}
