import { REWARD_SETTINGS_DEFAULT, type RewardSettings } from '@ticketonomics/contracts';
import { createHash } from 'node:crypto';
import {
  dailyBonusOf,
  decideDaily,
  decideMessage,
  messageRewardMintId,
  EMPTY_ACTIVITY,
  nextUtcDayStart,
  type ActivityState,
  type MessageSeen,
} from './activity.rules';

const T0 = Date.UTC(2026, 10, 28, 10, 0, 0);
const rules: RewardSettings = { ...REWARD_SETTINGS_DEFAULT };
const hash = (text: string) => createHash('sha256').update(text).digest('hex');
let seq = 0;
const msg = (text: string, atMs: number, extra: Partial<MessageSeen> = {}): MessageSeen => ({
  messageKey: `m${(seq += 1)}`,
  textHash: hash(text),
  textLength: text.length,
  atMs,
  barred: false,
  ...extra,
});

/** Feeds messages one after another, returning the outcomes. */
function run(messages: MessageSeen[], settings = rules, start: ActivityState = EMPTY_ACTIVITY) {
  let state = start;
  return messages.map((message) => {
    const decision = decideMessage(state, message, settings);
    state = decision.next;
    return decision;
  });
}

describe('message reward rules', () => {
  it('rewards a first long enough message with messageReward', () => {
    const [first] = run([msg('hello everyone here', T0)]);
    expect(first).toMatchObject({ earns: true, outcome: 'rewarded', amount: 1, replayed: false });
    expect(first?.next).toMatchObject({ day: '2026-11-28', rewardsToday: 1, lastRewardedAt: T0 });
  });

  it('earns once per cooldown in a burst: 100 distinct messages within a minute earn exactly 1', () => {
    const burst = Array.from({ length: 100 }, (_, i) => msg(`message number ${i} here`, T0 + i * 500));
    const outcomes = run(burst).map((d) => d.outcome);
    expect(outcomes.filter((o) => o === 'rewarded')).toHaveLength(1);
    expect(outcomes.slice(1).every((o) => o === 'cooldown')).toBe(true);
  });

  it('stops at the daily cap when there is no cooldown, and counts again the next UTC day', () => {
    const settings = { ...rules, messageCooldownMs: 0, dailyMessageRewardsMax: 5 };
    const burst = Array.from({ length: 100 }, (_, i) => msg(`message number ${i} here`, T0 + i));
    const decisions = run(burst, settings);
    expect(decisions.filter((d) => d.earns)).toHaveLength(5);
    expect(decisions.slice(5).every((d) => d.outcome === 'daily-cap')).toBe(true);
    const tomorrow = decideMessage(decisions.at(-1)!.next, msg('a brand new day', T0 + 86_400_000), settings);
    expect(tomorrow).toMatchObject({ earns: true, next: { day: '2026-11-29', rewardsToday: 1 } });
  });

  it('gives nothing for short texts, repeats of the previous text, barred members, or rewards off', () => {
    const [short] = run([msg('hi', T0)]);
    expect(short?.outcome).toBe('too-short');
    const [, repeat] = run([msg('the very same text', T0), msg('the very same text', T0 + 120_000)]);
    expect(repeat?.outcome).toBe('repeat');
    const [barred] = run([msg('long enough message', T0, { barred: true })]);
    expect(barred?.outcome).toBe('barred');
    const [off] = run([msg('long enough message', T0)], { ...rules, messageReward: 0 });
    expect(off).toMatchObject({ outcome: 'off', earns: false, amount: 0 });
  });

  it('compares a repeat with the previous message even when that one earned nothing', () => {
    const decisions = run([
      msg('first long message', T0),
      msg('second long message', T0 + 1_000),
      msg('second long message', T0 + 120_000),
      msg('third long message', T0 + 121_000),
    ]);
    expect(decisions.map((d) => d.outcome)).toEqual(['rewarded', 'cooldown', 'repeat', 'rewarded']);
  });

  it('answers a replayed message key with the first answer and changes nothing', () => {
    const first = msg('long enough message', T0);
    const [a, b] = run([first, { ...first, atMs: T0 + 5 }]);
    expect(a?.earns).toBe(true);
    expect(b).toMatchObject({ earns: true, amount: 1, replayed: true, outcome: 'rewarded' });
    expect(b?.next).toBe(a?.next);
  });
});

describe('daily bonus rules', () => {
  const day = (n: number, hour = 12) => Date.UTC(2026, 10, 1 + n, hour);

  it('pays once per UTC day; a second claim reports the first', () => {
    const first = decideDaily(EMPTY_ACTIVITY, day(0, 9), rules);
    expect(first).toMatchObject({ firstClaim: true, day: '2026-11-01', streak: 1, amount: 10 });
    const again = decideDaily(first.next, day(0, 23), rules);
    expect(again).toMatchObject({ firstClaim: false, streak: 1, amount: 10 });
    expect(again.nextClaimAt).toBe(Date.UTC(2026, 10, 2));
  });

  it('grows by dailyStreakBonus per consecutive day up to streakDaysMax, and restarts after a gap', () => {
    let state = EMPTY_ACTIVITY;
    const amounts: number[] = [];
    for (let n = 0; n < 9; n += 1) {
      const decision = decideDaily(state, day(n), rules);
      amounts.push(decision.amount);
      state = decision.next;
    }
    expect(amounts).toEqual([10, 12, 14, 16, 18, 20, 22, 22, 22]);
    expect(state.dailyStreak).toBe(9);
    const afterGap = decideDaily(state, day(11), rules);
    expect(afterGap).toMatchObject({ streak: 1, amount: 10 });
  });

  it('pays nothing when the bonus is off, and knows when the next day starts', () => {
    expect(dailyBonusOf(3, { ...rules, dailyBonus: 0 })).toBe(0);
    expect(nextUtcDayStart(Date.UTC(2026, 0, 31, 23, 59))).toBe(Date.UTC(2026, 1, 1));
  });
});

describe('message reward mint ids', () => {
  it('keeps the tg-reward:<chatId>:<messageId> ids of Telegram messages', () => {
    expect(messageRewardMintId('tg-100123', 'tg:-100123:7')).toBe('tg-reward:-100123:7');
  });

  it('hashes other keys with their community into a valid, distinct transfer id', () => {
    const key = `game:${'x'.repeat(123)}`;
    const id = messageRewardMintId('guild', key);
    expect(id).toMatch(/^reward:[0-9a-f]{64}$/);
    expect(messageRewardMintId('guild', key)).toBe(id);
    expect(messageRewardMintId('other-guild', key)).not.toBe(id);
    expect(messageRewardMintId('guild', 'tg:replay:1')).toMatch(/^reward:/);
  });
});
