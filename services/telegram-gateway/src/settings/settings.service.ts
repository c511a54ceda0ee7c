import { Inject, Injectable } from '@nestjs/common';
import {
  AccountsCommands,
  ArtifactsCommands,
  BARRED_USERS_MAX,
  detailsOf,
  type ErrorDetails,
  isDomainError,
  LedgerCommands,
  type ArtifactSettingsValues,
  type CommandResponse,
  type Policy,
} from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import { ArtifactsClient } from '../artifacts/artifacts.client';
import { userError, type UserFacingError } from '../errors/user-facing.error';
import type { Recipient } from '../members/target.resolver';
import { policyValue, type PolicyField, type SettingChange } from './setting-value.parser';

export interface CurrentSettings {
  policy: Policy;
  settings: CommandResponse<typeof AccountsCommands.settingsGet>;
  artifacts: ArtifactSettingsValues | null;
}

/**
 * /settings for a chat's admins: the tax rate and the payment limits live in the ledger's money policy,
 * the reward rules and whether the dashboard is public in the accounts service, the artifact rules in the
 * artifacts service; the gateway keeps none of them.
 */
@Injectable()
export class SettingsService {
  constructor(
    @Inject(CommandClient) private readonly client: CommandClient,
    @Inject(ArtifactsClient) private readonly artifacts: ArtifactsClient,
  ) {}

  async bar(communityId: string, subject: Recipient, bar: boolean): Promise<void> {
    try {
      await this.client.request(AccountsCommands.settingsSet, {
        communityId,
        ...(bar ? { bar: [subject.userId] } : { unbar: [subject.userId] }),
      });
    } catch (error) {
      if (isDomainError(error) && error.code === 'LIMIT_EXCEEDED') {
        throw userError('barListFull', { max: BARRED_USERS_MAX });
      }
      throw error;
    }
  }

  /** Whether the community's dashboard is public, as accounts now has it. */
  async setDashboard(communityId: string, visible: boolean): Promise<boolean> {
    const settings = await this.client.request(AccountsCommands.settingsSet, {
      communityId,
      dashboard: { public: visible },
    });
    return settings.dashboard.public;
  }

  setArtifactRule(
    communityId: string,
    patch: Partial<ArtifactSettingsValues>,
  ): Promise<ArtifactSettingsValues> {
    return this.artifacts.call(ArtifactsCommands.settingsSet, { communityId, ...patch });
  }

  /** The community's tax rate, as the ledger now has it. */
  async setTax(communityId: string, taxBps: number): Promise<number> {
    return (await this.setPolicy(communityId, { taxBps })).taxBps;
  }

  /** A payment-limit or reward change; the value as its owner stored it (null: off). */
  async change(communityId: string, change: Exclude<SettingChange, { kind: 'tax' }>): Promise<number | null> {
    if (change.kind === 'policy') {
      const policy = await this.setPolicy(communityId, { [change.field]: change.value }, change);
      return policyValue(change.field, policy[change.field]);
    }
    const settings = await this.client.request(AccountsCommands.settingsSet, {
      communityId,
      rewards: { [change.key]: change.value },
    });
    return settings.rewards[change.key];
  }

  /** Everything /settings shows; the artifact rules are null when the artifacts service is down. */
  async current(communityId: string): Promise<CurrentSettings> {
    const [policy, settings, artifacts] = await Promise.all([
      this.client.request(LedgerCommands.policyGet, { communityId }),
      this.client.request(AccountsCommands.settingsGet, { communityId }),
      this.artifacts.call(ArtifactsCommands.settingsGet, { communityId }).catch(() => null),
    ]);
    return { policy, settings, artifacts };
  }

  private async setPolicy(
    communityId: string,
    patch: Partial<Pick<Policy, 'taxBps' | PolicyField>>,
    limit?: { field: PolicyField; value: number | null },
  ): Promise<Policy> {
    try {
      return await this.client.request(LedgerCommands.policySet, { communityId, ...patch });
    } catch (error) {
      const refused = detailsOf(error, 'VALIDATION_FAILED');
      if (refused !== null) throw (await this.policyRefusal(communityId, refused, limit)) ?? error;
      throw error;
    }
  }

  /**
   * The ledger's refusal of a consistent-policy check, in the admin's words: paymentMin stays at most
   * paymentMax, and a daily cap must leave room for the smallest payment.
   */
  private async policyRefusal(
    communityId: string,
    details: ErrorDetails<'VALIDATION_FAILED'>,
    change?: { field: PolicyField; value: number | null },
  ): Promise<UserFacingError | undefined> {
    const { cap, smallest } = details;
    if (cap !== undefined && smallest !== undefined) {
      return userError('settingsCapTooSmall', { key: cap, smallest });
    }
    if (change === undefined || change.value === null) return undefined;
    const current = await this.client.request(LedgerCommands.policyGet, { communityId });
    if (change.field === 'transferMin' && change.value > current.transferMax) {
      return userError('settingsMinAboveMax', { min: change.value, max: current.transferMax });
    }
    if (change.field === 'transferMax' && change.value < current.transferMin) {
      return userError('settingsMaxBelowMin', { min: current.transferMin, max: change.value });
    }
    return undefined;
  }
}
