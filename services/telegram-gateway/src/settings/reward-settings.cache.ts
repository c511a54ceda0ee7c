import { Inject, Injectable } from '@nestjs/common';
import { AccountsCommands, type RewardSettings } from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import { TtlCache } from '../members/ttl-cache';

/**
 * A community's reward settings (accounts settings.get), cached briefly like the admin check so a burst of
 * payments costs one request; /settings on this gateway drops the entry, so its own changes apply at once.
 */
const SETTINGS_CACHE_TTL_MS = 60_000;
const SETTINGS_CACHE_ENTRIES_MAX = 10_000;

@Injectable()
export class RewardSettingsCache {
  private readonly cache = new TtlCache<RewardSettings>(SETTINGS_CACHE_TTL_MS, SETTINGS_CACHE_ENTRIES_MAX);

  constructor(@Inject(CommandClient) private readonly client: CommandClient) {}

  async get(communityId: string): Promise<RewardSettings> {
    const cached = this.cache.get(communityId);
    if (cached !== undefined) return cached;
    const settings = await this.client.request(AccountsCommands.settingsGet, { communityId });
    this.cache.set(communityId, settings.rewards);
    return settings.rewards;
  }

  forget(communityId: string): void {
    this.cache.delete(communityId);
  }
}
