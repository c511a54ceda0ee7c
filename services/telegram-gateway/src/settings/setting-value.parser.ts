import {
  AMOUNT_MAX,
  LedgerCommands,
  RewardSettingsShape,
  TAX_BPS_MAX,
  type RewardSettingKey,
} from '@ticketonomics/contracts';
import { userError } from '../errors/user-facing.error';

/** The reward settings one /settings line can set (the barred list has its own bar / unbar words). */
export const REWARD_KEYS = (Object.keys(RewardSettingsShape) as RewardSettingKey[]).filter(
  (key) => key !== 'barredUserIds',
);
export type RewardKey = Exclude<RewardSettingKey, 'barredUserIds'>;

/** The payment limits of the ledger's money policy, by the names admins use in /settings. */
export const POLICY_KEYS = {
  paymentMin: 'transferMin',
  paymentMax: 'transferMax',
  dailySendMax: 'dailySendMax',
  dailyReceiveMax: 'dailyReceiveMax',
} as const;
export type PolicySettingKey = keyof typeof POLICY_KEYS;
export type PolicyField = (typeof POLICY_KEYS)[PolicySettingKey];

/**
 * Every key /settings knows: the ledger's tax rate and payment limits (its money policy), then the
 * accounts service's reward settings.
 */
export const SETTING_KEYS: readonly string[] = [
  'tax',
  ...(Object.keys(POLICY_KEYS) as PolicySettingKey[]),
  ...REWARD_KEYS,
];

export type SettingChange =
  | { kind: 'tax'; taxBps: number }
  | { kind: 'policy'; key: PolicySettingKey; field: PolicyField; value: number | null }
  | { kind: 'reward'; key: RewardKey; value: number | null };

const NONE_WORDS = new Set(['off', 'none', 'null', '-']);
/** The /settings key of the dashboard's visibility, and the words for its two values. */
export const DASHBOARD_KEY = 'dashboard';
const PUBLIC_WORDS = new Set(['on', 'public', 'open', 'yes', 'true']);
const PRIVATE_WORDS = new Set(['off', 'private', 'closed', 'no', 'false']);

/** `/settings dashboard on|off`: whether the dashboard is public. */
export function parseDashboardVisibility(rawValue: string | undefined): boolean {
  const word = (rawValue ?? '').toLowerCase();
  if (PUBLIC_WORDS.has(word)) return true;
  if (PRIVATE_WORDS.has(word)) return false;
  throw userError('settingsDashboardUsage');
}

/** "2", "2%", "2.5%" or "2,5" → 250 basis points. */
export function parseTaxPercent(raw: string): number | undefined {
  const match = /^(\d{1,3}(?:[.,]\d{1,2})?)%?$/.exec(raw);
  if (match === null) return undefined;
  return Math.round(Number(match[1]!.replace(',', '.')) * 100);
}

export function formatTaxPercent(taxBps: number): string {
  return `${taxBps / 100}%`;
}

/**
 * What /settings shows for a policy limit: the largest payment the ledger allows at all is no limit, so
 * paymentMax shows it as off (and `paymentMax off` sets it back).
 */
export function policyValue(field: PolicyField, value: number | null): number | null {
  return field === 'transferMax' && value === AMOUNT_MAX ? null : value;
}

/** A /settings key (case-insensitive) and its value, checked against the same bounds the services use. */
export function parseSettingChange(rawKey: string, rawValue: string | undefined): SettingChange {
  const key = SETTING_KEYS.find((candidate) => candidate.toLowerCase() === rawKey.toLowerCase());
  if (key === undefined)
    throw userError('settingsUnknownKey', { key: rawKey.slice(0, 32), keys: SETTING_KEYS.join(', ') });
  if (rawValue === undefined || rawValue === '') throw userError('settingsUsage');
  if (key === 'tax') {
    const taxBps = parseTaxPercent(rawValue);
    if (taxBps === undefined || taxBps > TAX_BPS_MAX) {
      throw userError('settingsNeedsPercent', { key, max: formatTaxPercent(TAX_BPS_MAX) });
    }
    return { kind: 'tax', taxBps };
  }
  const none = NONE_WORDS.has(rawValue.toLowerCase());
  const number: unknown = none ? null : /^\d{1,16}$/.test(rawValue) ? Number(rawValue) : rawValue;
  if (key in POLICY_KEYS) {
    const policyKey = key as PolicySettingKey;
    const field = POLICY_KEYS[policyKey];
    const value = field === 'transferMax' && none ? AMOUNT_MAX : number;
    const data = checked(key, LedgerCommands.policySet.request.shape[field], value);
    return { kind: 'policy', key: policyKey, field, value: data };
  }
  const rewardKey = key as RewardKey;
  return { kind: 'reward', key: rewardKey, value: checked(key, RewardSettingsShape[rewardKey], number) };
}

interface Issue {
  code: string;
  minimum?: unknown;
  maximum?: unknown;
  inclusive?: boolean;
}

function checked(
  key: string,
  schema: { safeParse(value: unknown): { success: boolean; data?: unknown; error?: { issues: Issue[] } } },
  value: unknown,
): number | null {
  const parsed = schema.safeParse(value);
  if (parsed.success) {
    if (parsed.data === undefined) throw userError('settingsNeedsWholeNumber', { key });
    return parsed.data as number | null;
  }
  // The schema's own words are English; the refusal is built from its bounds in the member's language.
  const issue = parsed.error?.issues[0];
  if (issue?.code === 'too_big') {
    throw userError('settingsTooBig', {
      key,
      max: Number(issue.maximum) - (issue.inclusive === false ? 1 : 0),
    });
  }
  if (issue?.code === 'too_small') {
    throw userError('settingsTooSmall', {
      key,
      min: Number(issue.minimum) + (issue.inclusive === false ? 1 : 0),
    });
  }
  throw userError('settingsNeedsWholeNumber', { key });
}
