import type { ArtifactSettingsValues } from '@ticketonomics/contracts';
import {
  ARTIFACT_SETTING_NAMES,
  artifactSettingLines,
  artifactSettingText,
  findArtifactSettingKey,
  parseArtifactSetting,
  type ArtifactSettingKey,
} from '../artifacts/artifact-settings';
import { defineCommand } from '../bot/command';
import { userError } from '../errors/user-facing.error';
import type { Messages } from '../i18n/messages.en';
import { parseTarget, type Target } from '../parsing/command-args.parser';
import type { CurrentSettings } from './settings.service';
import {
  DASHBOARD_KEY,
  formatTaxPercent,
  parseDashboardVisibility,
  parseSettingChange,
  POLICY_KEYS,
  policyValue,
  REWARD_KEYS,
  SETTING_KEYS,
  type PolicySettingKey,
  type SettingChange,
} from './setting-value.parser';

const BAR_USAGE = '/settings bar @user';

type SettingsArgs =
  | { kind: 'show' }
  | { kind: 'bar'; bar: boolean; target: Target }
  | { kind: 'dashboard'; visible: boolean }
  | { kind: 'artifact'; key: ArtifactSettingKey; patch: Partial<ArtifactSettingsValues> }
  | { kind: 'change'; change: SettingChange };

type SettingsResult =
  | { kind: 'show'; current: CurrentSettings }
  | { kind: 'bar'; bar: boolean; who: string }
  | { kind: 'dashboard'; visible: boolean }
  | { kind: 'artifact'; key: ArtifactSettingKey; settings: ArtifactSettingsValues }
  | { kind: 'tax'; taxBps: number }
  | { kind: 'change'; key: string; value: number | null };

/** /settings, /settings <key> <value>, /settings bar|unbar @user (admins). */
export const settingsCommand = defineCommand({
  name: 'settings',
  scope: 'admin',
  parse: ({ args, isReply }): SettingsArgs => {
    const [word, ...rest] = args.split(/\s+/).filter((token) => token !== '');
    if (word === undefined) return { kind: 'show' };
    const lower = word.toLowerCase();
    if (lower === 'bar' || lower === 'unbar') {
      return {
        kind: 'bar',
        bar: lower === 'bar',
        target: parseTarget(rest.join(' '), isReply, BAR_USAGE)[0],
      };
    }
    if (rest.length > 1) throw userError('settingsUsage');
    if (lower === DASHBOARD_KEY) return { kind: 'dashboard', visible: parseDashboardVisibility(rest[0]) };
    const key = findArtifactSettingKey(word);
    if (key !== undefined) return { kind: 'artifact', key, patch: parseArtifactSetting(key, rest[0]) };
    if (!SETTING_KEYS.some((settingKey) => settingKey.toLowerCase() === lower)) {
      throw userError('settingsUnknownKey', {
        key: word.slice(0, 32),
        keys: [...SETTING_KEYS, DASHBOARD_KEY, ...ARTIFACT_SETTING_NAMES].join(', '),
      });
    }
    return { kind: 'change', change: parseSettingChange(word, rest[0]) };
  },
  run: async ({ args, member, target }, { settings }): Promise<SettingsResult> => {
    const { communityId } = member;
    switch (args.kind) {
      case 'show':
        return { kind: 'show', current: await settings.current(communityId) };
      case 'bar': {
        const subject = await target(args.target);
        await settings.bar(communityId, subject, args.bar);
        return { kind: 'bar', bar: args.bar, who: subject.label };
      }
      case 'dashboard':
        return { kind: 'dashboard', visible: await settings.setDashboard(communityId, args.visible) };
      case 'artifact':
        return {
          kind: 'artifact',
          key: args.key,
          settings: await settings.setArtifactRule(communityId, args.patch),
        };
      case 'change': {
        const { change } = args;
        if (change.kind === 'tax') {
          return { kind: 'tax', taxBps: await settings.setTax(communityId, change.taxBps) };
        }
        return { kind: 'change', key: change.key, value: await settings.change(communityId, change) };
      }
    }
  },
  render: (result, t) => {
    switch (result.kind) {
      case 'show':
        return settingsText(result.current, t);
      case 'bar':
        return result.bar ? t.barDone({ who: result.who }) : t.unbarDone({ who: result.who });
      case 'dashboard':
        return t.settingsDashboardSet({ public: result.visible });
      case 'artifact':
        return t.settingsSet({ key: result.key, value: artifactSettingText(result.key, result.settings, t) });
      case 'tax':
        return t.settingsSet({ key: 'tax', value: formatTaxPercent(result.taxBps) });
      case 'change':
        return t.settingsSet({ key: result.key, value: valueText(result.value, t) });
    }
  },
});

function settingsText({ policy, settings, artifacts }: CurrentSettings, t: Messages): string {
  const lines = [
    `tax: ${formatTaxPercent(policy.taxBps)}`,
    ...(Object.keys(POLICY_KEYS) as PolicySettingKey[]).map((key) => {
      const field = POLICY_KEYS[key];
      return `${key}: ${valueText(policyValue(field, policy[field]), t)}`;
    }),
    ...REWARD_KEYS.map((key) => `${key}: ${valueText(settings.rewards[key], t)}`),
    t.settingsBarred({ count: settings.rewards.barredUserIds.length }),
    t.settingsDashboard({ public: settings.dashboard.public }),
    ...(artifacts === null ? [t.artSettingsUnavailable] : artifactSettingLines(artifacts, t)),
  ];
  return [t.settingsHeader, ...lines, t.settingsFooter].join('\n');
}

function valueText(value: number | null, t: Messages): string {
  return value === null ? t.settingsOff : String(value);
}
