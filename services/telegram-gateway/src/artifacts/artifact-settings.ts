import {
  ARTIFACT_LIMITS,
  ArtifactSettingsShape,
  type ArtifactSettingsValues,
} from '@ticketonomics/contracts';
import { userError } from '../errors/user-facing.error';
import type { Messages } from '../i18n/messages.en';
import { formatTaxPercent, parseTaxPercent } from '../settings/setting-value.parser';

/**
 * The artifacts service's rules as /settings names them (keys are case-insensitive): the market fee in
 * percent, whether members may create artifact types, what that costs them, and how long a trade offer
 * stays open.
 */
export const ARTIFACT_SETTING_KEYS = {
  marketFee: 'marketFeeBps',
  memberCreation: 'memberCreationEnabled',
  creationFee: 'creationFee',
  tradeTtl: 'tradeTtlMs',
} as const satisfies Record<string, keyof ArtifactSettingsValues>;
export type ArtifactSettingKey = keyof typeof ARTIFACT_SETTING_KEYS;
export const ARTIFACT_SETTING_NAMES = Object.keys(ARTIFACT_SETTING_KEYS) as ArtifactSettingKey[];

export function findArtifactSettingKey(raw: string): ArtifactSettingKey | undefined {
  return ARTIFACT_SETTING_NAMES.find((key) => key.toLowerCase() === raw.toLowerCase());
}

/** The contract's bound on the creation fee (ArtifactSettingsShape.creationFee). */
const CREATION_FEE_MAX = 1_000_000_000;
const ON_WORDS = new Set(['on', 'yes', 'true', '1', 'да', 'вкл']);
const OFF_WORDS = new Set(['off', 'no', 'false', '0', 'нет', 'выкл']);
const DURATION_UNITS_MS: Record<string, number> = {
  m: 60_000,
  min: 60_000,
  м: 60_000,
  мин: 60_000,
  h: 3_600_000,
  ч: 3_600_000,
  d: 86_400_000,
  д: 86_400_000,
};

/** "90m", "24h", "7d", "1d12h" (a plain number is hours) → milliseconds; undefined when unreadable. */
export function parseDuration(raw: string): number | undefined {
  const text = raw.toLowerCase();
  if (/^\d{1,6}$/.test(text)) return Number(text) * DURATION_UNITS_MS.h!;
  const parts = [...text.matchAll(/(\d{1,6})([a-zа-я]+)/gu)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== text) return undefined;
  let total = 0;
  for (const [, amount, unit] of parts) {
    const unitMs = DURATION_UNITS_MS[unit!];
    if (unitMs === undefined) return undefined;
    total += Number(amount) * unitMs;
  }
  return total;
}

/** 86400000 → "24h"; 5400000 → "1h30m"; 604800000 → "7d". */
export function formatDuration(ms: number): string {
  const days = Math.floor(ms / 86_400_000);
  const hours = Math.floor((ms % 86_400_000) / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  if (days > 0 && hours === 0 && minutes === 0) return `${days}d`;
  const totalHours = days * 24 + hours;
  if (minutes === 0) return `${totalHours}h`;
  return totalHours === 0 ? `${minutes}m` : `${totalHours}h${minutes}m`;
}

/** One /settings change of an artifact rule, checked against the contract's bounds. */
export function parseArtifactSetting(
  key: ArtifactSettingKey,
  rawValue: string | undefined,
): Partial<ArtifactSettingsValues> {
  if (rawValue === undefined || rawValue === '') throw userError('settingsUsage');
  switch (key) {
    case 'marketFee': {
      const bps = parseTaxPercent(rawValue);
      if (bps === undefined || bps > ARTIFACT_LIMITS.marketFeeBpsMax) {
        throw userError('settingsNeedsPercent', {
          key,
          max: formatTaxPercent(ARTIFACT_LIMITS.marketFeeBpsMax),
        });
      }
      return { marketFeeBps: bps };
    }
    case 'memberCreation': {
      const lower = rawValue.toLowerCase();
      if (ON_WORDS.has(lower)) return { memberCreationEnabled: true };
      if (OFF_WORDS.has(lower)) return { memberCreationEnabled: false };
      throw userError('artSettingsNeedsOnOff', { key });
    }
    case 'creationFee': {
      if (!/^\d{1,16}$/.test(rawValue)) throw userError('settingsNeedsWholeNumber', { key });
      const fee = Number(rawValue);
      if (!ArtifactSettingsShape.creationFee.safeParse(fee).success) {
        throw userError('settingsTooBig', { key, max: CREATION_FEE_MAX });
      }
      return { creationFee: fee };
    }
    case 'tradeTtl': {
      const ms = parseDuration(rawValue);
      const min = ARTIFACT_LIMITS.tradeTtlMsMin;
      const max = ARTIFACT_LIMITS.tradeTtlMsMax;
      if (ms === undefined || ms < min || ms > max) {
        throw userError('artSettingsNeedsDuration', {
          key,
          min: formatDuration(min),
          max: formatDuration(max),
        });
      }
      return { tradeTtlMs: ms };
    }
  }
}

/** What /settings shows for one artifact rule. */
export function artifactSettingText(
  key: ArtifactSettingKey,
  settings: ArtifactSettingsValues,
  t: Messages,
): string {
  switch (key) {
    case 'marketFee':
      return formatTaxPercent(settings.marketFeeBps);
    case 'memberCreation':
      return settings.memberCreationEnabled ? t.artOn : t.settingsOff;
    case 'creationFee':
      return String(settings.creationFee);
    case 'tradeTtl':
      return formatDuration(settings.tradeTtlMs);
  }
}

export function artifactSettingLines(settings: ArtifactSettingsValues, t: Messages): string[] {
  return ARTIFACT_SETTING_NAMES.map((key) => `${key}: ${artifactSettingText(key, settings, t)}`);
}
