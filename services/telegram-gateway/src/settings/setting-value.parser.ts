import { RewardSettingsShape, TAX_BPS_MAX, type RewardSettingKey } from '@ticketonomics/contracts';
import { userError } from '../errors/user-facing.error';

/** The reward settings one /settings line can set (the barred list has its own bar / unbar words). */
export const REWARD_KEYS = (Object.keys(RewardSettingsShape) as RewardSettingKey[]).filter(
  (key) => key !== 'barredUserIds',
);
/** Every key /settings knows: the ledger's tax rate, then the accounts service's reward settings. */
export const SETTING_KEYS: readonly string[] = ['tax', ...REWARD_KEYS];

export type SettingChange =
  | { kind: 'tax'; taxBps: number }
  | { kind: 'reward'; key: Exclude<RewardSettingKey, 'barredUserIds'>; value: number | null };

const NONE_WORDS = new Set(['off', 'none', 'null', '-']);

/** "2", "2%", "2.5%" or "2,5" → 250 basis points. */
export function parseTaxPercent(raw: string): number | undefined {
  const match = /^(\d{1,3}(?:[.,]\d{1,2})?)%?$/.exec(raw);
  if (match === null) return undefined;
  return Math.round(Number(match[1]!.replace(',', '.')) * 100);
}

export function formatTaxPercent(taxBps: number): string {
  return `${taxBps / 100}%`;
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
  const rewardKey = key as Exclude<RewardSettingKey, 'barredUserIds'>;
  const value: unknown = NONE_WORDS.has(rawValue.toLowerCase())
    ? null
    : /^\d{1,16}$/.test(rawValue)
      ? Number(rawValue)
      : rawValue;
  const parsed = RewardSettingsShape[rewardKey].safeParse(value);
  if (!parsed.success) {
    // The schema's own words are English; the refusal is built from its bounds in the member's language.
    const issue = parsed.error.issues[0];
    if (issue?.code === 'too_big') throw userError('settingsTooBig', { key, max: Number(issue.maximum) });
    if (issue?.code === 'too_small') throw userError('settingsTooSmall', { key, min: Number(issue.minimum) });
    throw userError('settingsNeedsWholeNumber', { key });
  }
  return { kind: 'reward', key: rewardKey, value: parsed.data as number | null };
}
