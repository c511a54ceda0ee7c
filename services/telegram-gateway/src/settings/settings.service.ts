import { Inject, Injectable } from '@nestjs/common';
import {
  AccountsCommands,
  ArtifactsCommands,
  BARRED_USERS_MAX,
  detailsOf,
  type ErrorDetails,
  isDomainError,
  LedgerCommands,
  type Policy,
} from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import type { Message } from 'telegraf/types';
import { AdminCheckService } from '../admin/admin-check.service';
import {
  ARTIFACT_SETTING_NAMES,
  artifactSettingLines,
  artifactSettingText,
  findArtifactSettingKey,
  parseArtifactSetting,
} from '../artifacts/artifact-settings';
import { ArtifactsClient } from '../artifacts/artifacts.client';
import { USAGE } from '../bot/bot-commands';
import { userError, type UserFacingError } from '../errors/user-facing.error';
import type { Messages } from '../i18n/messages.en';
import type { GroupChat, Member } from '../members/member';
import { TargetResolver } from '../members/target.resolver';
import { commandArgs, parseTarget } from '../parsing/command-args.parser';
import {
  DASHBOARD_KEY,
  formatTaxPercent,
  parseDashboardVisibility,
  parseSettingChange,
  POLICY_KEYS,
  policyValue,
  REWARD_KEYS,
  SETTING_KEYS,
  type PolicyField,
  type PolicySettingKey,
} from './setting-value.parser';
import { repliedMessageOf } from '../members/sender';

/**
 * /settings for a chat's admins: the tax rate and the payment limits live in the ledger's money policy,
 * the reward rules and whether the dashboard is public in the accounts service; the gateway keeps neither.
 */
@Injectable()
export class SettingsService {
  constructor(
    @Inject(CommandClient) private readonly client: CommandClient,
    @Inject(AdminCheckService) private readonly admins: AdminCheckService,
    @Inject(TargetResolver) private readonly targets: TargetResolver,
    @Inject(ArtifactsClient) private readonly artifacts: ArtifactsClient,
  ) {}

  async handle(
    admin: Member,
    chat: GroupChat,
    message: Message.TextMessage,
    bot: string,
    t: Messages,
  ): Promise<string> {
    if (!(await this.admins.isAdmin(chat.id, admin.telegramUserId))) throw userError('notAdmin');
    const args = commandArgs(message.text);
    const [word, ...rest] = args.split(/\s+/).filter((token) => token !== '');
    if (word === undefined) return this.show(admin.communityId, t);
    const lower = word.toLowerCase();
    if (lower === 'bar' || lower === 'unbar') {
      const isReply = repliedMessageOf(message) !== undefined;
      const [target] = parseTarget(rest.join(' '), isReply, USAGE.bar);
      const subject = await this.targets.resolve(chat, message, target, bot);
      try {
        await this.client.request(AccountsCommands.settingsSet, {
          communityId: admin.communityId,
          ...(lower === 'bar' ? { bar: [subject.userId] } : { unbar: [subject.userId] }),
        });
      } catch (error) {
        if (isDomainError(error) && error.code === 'LIMIT_EXCEEDED') {
          throw userError('barListFull', { max: BARRED_USERS_MAX });
        }
        throw error;
      }
      return lower === 'bar' ? t.barDone({ who: subject.label }) : t.unbarDone({ who: subject.label });
    }
    if (rest.length > 1) throw userError('settingsUsage');
    if (lower === DASHBOARD_KEY) {
      const settings = await this.client.request(AccountsCommands.settingsSet, {
        communityId: admin.communityId,
        dashboard: { public: parseDashboardVisibility(rest[0]) },
      });
      return t.settingsDashboardSet({ public: settings.dashboard.public });
    }
    const artifactKey = findArtifactSettingKey(word);
    if (artifactKey !== undefined) {
      const settings = await this.artifacts.call(ArtifactsCommands.settingsSet, {
        communityId: admin.communityId,
        ...parseArtifactSetting(artifactKey, rest[0]),
      });
      return t.settingsSet({ key: artifactKey, value: artifactSettingText(artifactKey, settings, t) });
    }
    if (!SETTING_KEYS.some((key) => key.toLowerCase() === lower)) {
      throw userError('settingsUnknownKey', {
        key: word.slice(0, 32),
        keys: [...SETTING_KEYS, DASHBOARD_KEY, ...ARTIFACT_SETTING_NAMES].join(', '),
      });
    }
    const change = parseSettingChange(word, rest[0]);
    if (change.kind === 'tax') {
      const policy = await this.setPolicy(admin.communityId, { taxBps: change.taxBps });
      return t.settingsSet({ key: 'tax', value: formatTaxPercent(policy.taxBps) });
    }
    if (change.kind === 'policy') {
      const policy = await this.setPolicy(admin.communityId, { [change.field]: change.value }, change);
      const value = valueText(policyValue(change.field, policy[change.field]), t);
      return t.settingsSet({ key: change.key, value });
    }
    const settings = await this.client.request(AccountsCommands.settingsSet, {
      communityId: admin.communityId,
      rewards: { [change.key]: change.value },
    });
    return t.settingsSet({ key: change.key, value: valueText(settings.rewards[change.key], t) });
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

  /** The artifact rules (the artifacts service's): /settings still shows the rest when it is down. */
  private async artifactLines(communityId: string, t: Messages): Promise<string[]> {
    try {
      const settings = await this.artifacts.call(ArtifactsCommands.settingsGet, { communityId });
      return artifactSettingLines(settings, t);
    } catch {
      return [t.artSettingsUnavailable];
    }
  }

  private async show(communityId: string, t: Messages): Promise<string> {
    const [policy, settings, artifactLines] = await Promise.all([
      this.client.request(LedgerCommands.policyGet, { communityId }),
      this.client.request(AccountsCommands.settingsGet, { communityId }),
      this.artifactLines(communityId, t),
    ]);
    const lines = [
      `tax: ${formatTaxPercent(policy.taxBps)}`,
      ...(Object.keys(POLICY_KEYS) as PolicySettingKey[]).map((key) => {
        const field = POLICY_KEYS[key];
        return `${key}: ${valueText(policyValue(field, policy[field]), t)}`;
      }),
      ...REWARD_KEYS.map((key) => `${key}: ${valueText(settings.rewards[key], t)}`),
      t.settingsBarred({ count: settings.rewards.barredUserIds.length }),
      t.settingsDashboard({ public: settings.dashboard.public }),
      ...artifactLines,
    ];
    return [t.settingsHeader, ...lines, t.settingsFooter].join('\n');
  }
}

function valueText(value: number | null, t: Messages): string {
  return value === null ? t.settingsOff : String(value);
}
