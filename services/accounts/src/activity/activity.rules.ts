import { DAY_MS, utcDayOf, type MessageOutcome, type RewardSettings } from '@ticketonomics/contracts';
import { createHash } from 'node:crypto';

/** What the service remembers about one member's activity in one community. */
export interface ActivityState {
  /** The UTC day rewardsToday counts. */
  day: string | null;
  rewardsToday: number;
  lastRewardedAt: number | null;
  lastTextHash: string | null;
  lastMessageKey: string | null;
  lastOutcome: MessageOutcome | null;
  lastAmount: number;
  /** The UTC day of the last /daily claim, the streak it made and what it paid. */
  dailyDay: string | null;
  dailyStreak: number;
  dailyAmount: number;
}

export const EMPTY_ACTIVITY: ActivityState = {
  day: null,
  rewardsToday: 0,
  lastRewardedAt: null,
  lastTextHash: null,
  lastMessageKey: null,
  lastOutcome: null,
  lastAmount: 0,
  dailyDay: null,
  dailyStreak: 0,
  dailyAmount: 0,
};

export interface MessageSeen {
  messageKey: string;
  textHash: string;
  textLength: number;
  atMs: number;
  barred: boolean;
}

export interface MessageDecision {
  outcome: MessageOutcome;
  earns: boolean;
  amount: number;
  replayed: boolean;
  next: ActivityState;
}

/**
 * Whether a message earns, and the member's state after it. Pure: the service runs it inside one write
 * transaction, so replicas of the gateway asking at once are decided one after another. Checks, in order:
 * a replay of the last message (same answer), rewards off, barred, too short, the same text as the
 * member's previous message, the cooldown since the last rewarded one, the daily cap. Every message
 * counts as "the previous message" for the repeat check, rewarded or not.
 */
export function decideMessage(
  state: ActivityState,
  message: MessageSeen,
  rules: RewardSettings,
): MessageDecision {
  const today = utcDayOf(message.atMs);
  const rewardsToday = state.day === today ? state.rewardsToday : 0;
  if (state.lastMessageKey === message.messageKey && state.lastOutcome !== null) {
    const earns = state.lastOutcome === 'rewarded';
    return {
      outcome: state.lastOutcome,
      earns,
      amount: earns ? state.lastAmount : 0,
      replayed: true,
      next: state,
    };
  }
  const outcome = messageOutcome(state, message, rules, rewardsToday);
  const earns = outcome === 'rewarded';
  const amount = earns ? rules.messageReward : 0;
  const next: ActivityState = {
    ...state,
    day: today,
    rewardsToday: rewardsToday + (earns ? 1 : 0),
    lastRewardedAt: earns ? message.atMs : state.lastRewardedAt,
    lastTextHash: message.textHash,
    lastMessageKey: message.messageKey,
    lastOutcome: outcome,
    lastAmount: amount,
  };
  return { outcome, earns, amount, replayed: false, next };
}

function messageOutcome(
  state: ActivityState,
  message: MessageSeen,
  rules: RewardSettings,
  rewardsToday: number,
): MessageOutcome {
  if (rules.messageReward === 0) return 'off';
  if (message.barred) return 'barred';
  if (message.textLength < rules.messageLengthMin) return 'too-short';
  if (state.lastTextHash === message.textHash) return 'repeat';
  if (state.lastRewardedAt !== null && message.atMs - state.lastRewardedAt < rules.messageCooldownMs) {
    return 'cooldown';
  }
  if (rewardsToday >= rules.dailyMessageRewardsMax) return 'daily-cap';
  return 'rewarded';
}

export interface DailyDecision {
  firstClaim: boolean;
  day: string;
  streak: number;
  amount: number;
  nextClaimAt: number;
  next: ActivityState;
}

/** The start of the UTC day after `atMs`. */
export function nextUtcDayStart(atMs: number): number {
  return (Math.floor(atMs / DAY_MS) + 1) * DAY_MS;
}

/**
 * /daily: once per UTC day. A claim the day after the last one continues the streak, any other starts
 * again at 1. The bonus is dailyBonus + dailyStreakBonus for each streak day after the first, counted up
 * to streakDaysMax days. A second claim the same day changes nothing and reports the first.
 */
export function decideDaily(state: ActivityState, atMs: number, rules: RewardSettings): DailyDecision {
  const day = utcDayOf(atMs);
  const nextClaimAt = nextUtcDayStart(atMs);
  if (state.dailyDay === day) {
    return {
      firstClaim: false,
      day,
      streak: state.dailyStreak,
      amount: state.dailyAmount,
      nextClaimAt,
      next: state,
    };
  }
  const yesterday = utcDayOf(atMs - DAY_MS);
  const streak = state.dailyDay === yesterday ? state.dailyStreak + 1 : 1;
  const amount = dailyBonusOf(streak, rules);
  return {
    firstClaim: true,
    day,
    streak,
    amount,
    nextClaimAt,
    next: { ...state, dailyDay: day, dailyStreak: streak, dailyAmount: amount },
  };
}

export function dailyBonusOf(streak: number, rules: RewardSettings): number {
  if (rules.dailyBonus === 0) return 0;
  return rules.dailyBonus + rules.dailyStreakBonus * (Math.min(streak, rules.streakDaysMax) - 1);
}

/** Telegram's message keys: tg:<chatId>:<messageId>. */
const TELEGRAM_MESSAGE_KEY = /^tg:(-?\d+):(\d+)$/;

/**
 * The ledger mint id of a message's reward, the same however often the message is recorded. Telegram
 * messages keep the tg-reward:<chatId>:<messageId> ids the gateway minted with before, so a mint
 * decided then and minted again now is applied once. Other keys (up to 128 characters, like the mint
 * id itself) are hashed with their community so the id fits and cannot collide across communities.
 */
export function messageRewardMintId(communityId: string, messageKey: string): string {
  const telegram = TELEGRAM_MESSAGE_KEY.exec(messageKey);
  if (telegram !== null) return `tg-reward:${telegram[1]}:${telegram[2]}`;
  const digest = createHash('sha256').update(`${communityId}\n${messageKey}`, 'utf8').digest('hex');
  return `reward:${digest}`;
}
