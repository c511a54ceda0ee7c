import { UserFacingError } from '../errors/user-facing.error';
import { AMOUNT_MAX } from '@ticketonomics/contracts';
import {
  parseDashboardVisibility,
  parseSettingChange,
  parseTaxPercent,
  policyValue,
  SETTING_KEYS,
} from './setting-value.parser';

function refusal(key: string, value?: string): UserFacingError {
  try {
    parseSettingChange(key, value);
  } catch (error) {
    expect(error).toBeInstanceOf(UserFacingError);
    return error as UserFacingError;
  }
  throw new Error(`accepted ${key} ${value}`);
}

describe('/settings values', () => {
  it('reads tax as a percentage into basis points', () => {
    expect(parseTaxPercent('2')).toBe(200);
    expect(parseTaxPercent('2.5%')).toBe(250);
    expect(parseTaxPercent('0,25')).toBe(25);
    expect(parseTaxPercent('two')).toBeUndefined();
    expect(parseSettingChange('TAX', '3%')).toEqual({ kind: 'tax', taxBps: 300 });
    expect(refusal('tax', '60%')).toMatchObject({ key: 'settingsNeedsPercent', params: { max: '50%' } });
  });

  it('reads reward settings case-insensitively, with off for the optional caps', () => {
    expect(parseSettingChange('messagereward', '5')).toEqual({
      kind: 'reward',
      key: 'messageReward',
      value: 5,
    });
    expect(SETTING_KEYS).not.toContain('barredUserIds');
  });

  it("maps the payment limits to the ledger policy's fields, with off for the optional ones", () => {
    expect(parseSettingChange('paymentmin', '5')).toEqual({
      kind: 'policy',
      key: 'paymentMin',
      field: 'transferMin',
      value: 5,
    });
    expect(parseSettingChange('paymentMax', '500')).toMatchObject({ field: 'transferMax', value: 500 });
    expect(parseSettingChange('paymentMax', 'off')).toMatchObject({
      field: 'transferMax',
      value: AMOUNT_MAX,
    });
    expect(parseSettingChange('dailySendMax', 'off')).toEqual({
      kind: 'policy',
      key: 'dailySendMax',
      field: 'dailySendMax',
      value: null,
    });
    expect(parseSettingChange('DAILYRECEIVEMAX', '20')).toMatchObject({
      field: 'dailyReceiveMax',
      value: 20,
    });
    expect(policyValue('transferMax', AMOUNT_MAX)).toBeNull();
    expect(policyValue('transferMin', 1)).toBe(1);
    expect(SETTING_KEYS.slice(0, 5)).toEqual([
      'tax',
      'paymentMin',
      'paymentMax',
      'dailySendMax',
      'dailyReceiveMax',
    ]);
    expect(refusal('paymentMin', 'off')).toMatchObject({ key: 'settingsNeedsWholeNumber' });
    expect(refusal('paymentMin', '0')).toMatchObject({ key: 'settingsTooSmall', params: { min: 1 } });
    expect(refusal('dailySendMax', '1.5')).toMatchObject({ key: 'settingsNeedsWholeNumber' });
    expect(refusal('paymentMax', String(AMOUNT_MAX + 1))).toMatchObject({
      key: 'settingsTooBig',
      params: { max: AMOUNT_MAX },
    });
  });

  it('refuses unknown keys, missing values and values out of bounds, naming the problem', () => {
    expect(refusal('color', 'red')).toMatchObject({ key: 'settingsUnknownKey' });
    expect(refusal('messageReward')).toMatchObject({ key: 'settingsUsage' });
    expect(refusal('messageReward', '-1')).toMatchObject({
      key: 'settingsNeedsWholeNumber',
      params: { key: 'messageReward' },
    });
    expect(refusal('messageCooldownMs', '999999999')).toMatchObject({
      key: 'settingsTooBig',
      params: { max: 86_400_000 },
    });
    expect(refusal('messageReward', 'off')).toMatchObject({ key: 'settingsNeedsWholeNumber' });
    expect(refusal('streakDaysMax', '0')).toMatchObject({ key: 'settingsTooSmall', params: { min: 1 } });
  });
});

describe('/settings dashboard', () => {
  it.each([
    ['on', true],
    ['Public', true],
    ['off', false],
    ['PRIVATE', false],
  ])('reads %s as public: %s', (word, isPublic) => {
    expect(parseDashboardVisibility(word)).toBe(isPublic);
  });

  it.each([[undefined], [''], ['maybe']])('refuses %s with the usage', (word) => {
    expect(() => parseDashboardVisibility(word)).toThrow(UserFacingError);
  });
});
