import { ARTIFACT_SETTINGS_DEFAULT } from '@ticketonomics/contracts';
import { UserFacingError } from '../errors/user-facing.error';
import { en } from '../i18n/messages.en';
import { ru } from '../i18n/messages.ru';
import {
  artifactSettingLines,
  findArtifactSettingKey,
  formatDuration,
  parseArtifactSetting,
  parseDuration,
} from './artifact-settings';

function failure(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    if (error instanceof UserFacingError) return error.key;
    throw error;
  }
  throw new Error('parsed');
}

describe('artifact settings in /settings', () => {
  it('finds its keys case-insensitively and no others', () => {
    expect(findArtifactSettingKey('MARKETFEE')).toBe('marketFee');
    expect(findArtifactSettingKey('tradettl')).toBe('tradeTtl');
    expect(findArtifactSettingKey('tax')).toBeUndefined();
  });

  it('reads a fee in percent, on/off, a whole fee and a duration', () => {
    expect(parseArtifactSetting('marketFee', '2.5%')).toEqual({ marketFeeBps: 250 });
    expect(parseArtifactSetting('marketFee', '0')).toEqual({ marketFeeBps: 0 });
    expect(parseArtifactSetting('memberCreation', 'ON')).toEqual({ memberCreationEnabled: true });
    expect(parseArtifactSetting('memberCreation', 'нет')).toEqual({ memberCreationEnabled: false });
    expect(parseArtifactSetting('creationFee', '0')).toEqual({ creationFee: 0 });
    expect(parseArtifactSetting('tradeTtl', '90m')).toEqual({ tradeTtlMs: 90 * 60_000 });
    expect(parseArtifactSetting('tradeTtl', '2')).toEqual({ tradeTtlMs: 2 * 3_600_000 });
  });

  it.each([
    ['marketFee', undefined, 'settingsUsage'],
    ['marketFee', '51%', 'settingsNeedsPercent'],
    ['marketFee', '-1', 'settingsNeedsPercent'],
    ['memberCreation', 'maybe', 'artSettingsNeedsOnOff'],
    ['creationFee', '-5', 'settingsNeedsWholeNumber'],
    ['creationFee', '1.5', 'settingsNeedsWholeNumber'],
    ['creationFee', '1000000001', 'settingsTooBig'],
    ['tradeTtl', '30s', 'artSettingsNeedsDuration'],
    ['tradeTtl', '0', 'artSettingsNeedsDuration'],
    ['tradeTtl', '31d', 'artSettingsNeedsDuration'],
    ['tradeTtl', 'soon', 'artSettingsNeedsDuration'],
  ] as const)('%s %s → %s', (key, value, expected) => {
    expect(failure(() => parseArtifactSetting(key, value))).toBe(expected);
  });

  it('reads and writes durations', () => {
    expect(parseDuration('1d12h')).toBe(36 * 3_600_000);
    expect(parseDuration('2ч')).toBe(2 * 3_600_000);
    expect(parseDuration('1x')).toBeUndefined();
    expect(parseDuration('h')).toBeUndefined();
    expect([86_400_000, 5_400_000, 604_800_000, 60_000, 36 * 3_600_000].map(formatDuration)).toEqual([
      '1d',
      '1h30m',
      '7d',
      '1m',
      '36h',
    ]);
  });

  it('shows every rule in both languages', () => {
    expect(artifactSettingLines(ARTIFACT_SETTINGS_DEFAULT, en)).toEqual([
      'marketFee: 2.5%',
      'memberCreation: off',
      'creationFee: 100',
      'tradeTtl: 1d',
    ]);
    expect(artifactSettingLines({ ...ARTIFACT_SETTINGS_DEFAULT, memberCreationEnabled: true }, ru)[1]).toBe(
      'memberCreation: да',
    );
  });
});
