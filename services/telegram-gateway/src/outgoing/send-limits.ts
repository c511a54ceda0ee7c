/**
 * How fast the bot may send. Defaults are Telegram's documented limits
 * (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this); tests lower the waits.
 */
export interface SendLimits {
  /** Gap between two messages into one chat: about 1 message per second per chat. */
  perChatIntervalMs: number;
  /** Messages into one group or supergroup per minute. */
  perGroupPerMinute: number;
  /** Messages per second over all chats. */
  globalPerSecond: number;
  /**
   * Messages waiting for one chat past which new ones are refused (logged), so one flood cannot eat memory
   * (TELEGRAM_OUTGOING_CHAT_QUEUE_MAX).
   */
  queuedPerChatMax: number;
  /** Messages waiting over all chats past which new ones are refused (logged). */
  queuedTotalMax: number;
  /** Network failures (no HTTP answer) retried per message before it is given up (logged). */
  networkRetriesMax: number;
  /** First wait after a network failure; doubles per retry. */
  networkRetryBaseMs: number;
}

export const TELEGRAM_SEND_LIMITS_DEFAULT: SendLimits = {
  perChatIntervalMs: 1_000,
  perGroupPerMinute: 20,
  globalPerSecond: 30,
  queuedPerChatMax: 50,
  queuedTotalMax: 10_000,
  networkRetriesMax: 5,
  networkRetryBaseMs: 500,
};
