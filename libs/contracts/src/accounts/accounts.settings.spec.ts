import { firstRejectedField, parseOrThrow } from '../validation';
import { ACCOUNTS_EXAMPLES, AccountsCommands } from './accounts.commands';
import { REWARD_SETTINGS_DEFAULT, RewardSettingsSchema, utcDayOf } from './accounts.schemas';

const EX = ACCOUNTS_EXAMPLES;

describe('reward settings contracts', () => {
  const set = AccountsCommands.settingsSet.request;
  const record = AccountsCommands.activityRecord.request;
  const C = EX.community;

  it('has defaults that satisfy their own bounds', () => {
    expect(RewardSettingsSchema.parse(REWARD_SETTINGS_DEFAULT)).toEqual(REWARD_SETTINGS_DEFAULT);
    expect(REWARD_SETTINGS_DEFAULT).toMatchObject({
      messageReward: 1,
      messageCooldownMs: 60_000,
      messageLengthMin: 10,
      dailyMessageRewardsMax: 50,
      dailyBonus: 10,
      dailyStreakBonus: 2,
      streakDaysMax: 7,
      barredUserIds: [],
    });
    // Payment limits are the ledger's money policy (policy.set transferMin/transferMax/daily caps).
    for (const moved of ['paymentMin', 'dailySendMax', 'dailyReceiveMax']) {
      expect(REWARD_SETTINGS_DEFAULT).not.toHaveProperty(moved);
    }
  });

  it.each<[string, unknown, string]>([
    ['an empty change', { communityId: C }, 'rewards'],
    ['an empty rewards object', { communityId: C, rewards: {} }, 'rewards'],
    ['a negative reward', { communityId: C, rewards: { messageReward: -1 } }, 'rewards.messageReward'],
    ['a fractional reward', { communityId: C, rewards: { dailyBonus: 1.5 } }, 'rewards.dailyBonus'],
    [
      'a cooldown over a day',
      { communityId: C, rewards: { messageCooldownMs: 86_400_001 } },
      'rewards.messageCooldownMs',
    ],
    ['a zero streak limit', { communityId: C, rewards: { streakDaysMax: 0 } }, 'rewards.streakDaysMax'],
    ['a string reward', { communityId: C, rewards: { dailyBonus: '10' } }, 'rewards.dailyBonus'],
    [
      'a payment minimum (the ledger policy has it)',
      { communityId: C, rewards: { paymentMin: 5 } },
      'rewards.paymentMin',
    ],
    [
      'a daily send cap (the ledger policy has it)',
      { communityId: C, rewards: { dailySendMax: null } },
      'rewards.dailySendMax',
    ],
    ['an unknown setting', { communityId: C, rewards: { taxBps: 10 } }, 'rewards.taxBps'],
    ['a bad barred user', { communityId: C, rewards: { barredUserIds: ['bob'] } }, 'rewards.barredUserIds.0'],
    [
      'too many barred users',
      { communityId: C, rewards: { barredUserIds: Array.from({ length: 1001 }, () => EX.aliceId) } },
      'rewards.barredUserIds',
    ],
    ['an empty bar list', { communityId: C, bar: [] }, 'bar'],
  ])('settings.set refuses %s, naming the field', (_name, payload, field) => {
    expect(firstRejectedField(set, payload)).toBe(field);
  });

  it('settings.set accepts a bar list alone and a partial change', () => {
    expect(() => parseOrThrow(set, { communityId: C, bar: [EX.aliceId] })).not.toThrow();
    expect(parseOrThrow(set, { communityId: C, rewards: { messageReward: 0 } }).rewards).toEqual({
      messageReward: 0,
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a short hash', { textHash: 'abc' }, 'textHash'],
    ['a negative length', { textLength: -1 }, 'textLength'],
    ['a spaced message key', { messageKey: 'a b' }, 'messageKey'],
  ])('activity.record refuses %s', (_name, change, field) => {
    expect(firstRejectedField(record, { ...AccountsCommands.activityRecord.example, ...change })).toBe(field);
  });

  it('names UTC days as yyyy-mm-dd', () => {
    expect(utcDayOf(Date.UTC(2026, 10, 28, 23, 59, 59))).toBe('2026-11-28');
    expect(utcDayOf(Date.UTC(2026, 10, 29, 0, 0, 0))).toBe('2026-11-29');
  });
});
