import type { EmulatedChatType, FailNextOptions, RateLimitOptions } from './telegram-emulator.types';

/** The limits Telegram documents for bots (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this). */
export const TELEGRAM_SEND_LIMITS = {
  perChatPerSecond: 1,
  perGroupPerMinute: 20,
  globalPerSecond: 30,
} as const;

const SECOND_MS = 1_000;
const MINUTE_MS = 60_000;

interface Window {
  limit: number;
  windowMs: number;
  timesMs: number[];
}

/**
 * Decides which calls get a 429: first the failures a test queued with failNext, then (when set) Telegram's
 * documented send limits over sliding windows. Returns the retry_after in seconds, or undefined to let the call
 * through (which then counts toward the windows).
 */
export class RateLimiter {
  private readonly forced = new Map<string, { remaining: number; retryAfterS: number }>();
  private limits: RateLimitOptions | null = null;
  private globalTimesMs: number[] = [];
  private readonly chatTimesMs = new Map<number, number[]>();

  failNext(method: string, options: FailNextOptions = {}): void {
    const count = options.count ?? 1;
    if (count > 0) this.forced.set(method, { remaining: count, retryAfterS: options.retryAfterS ?? 1 });
    else this.forced.delete(method);
  }

  setLimits(limits: RateLimitOptions | null): void {
    this.limits = limits;
    this.globalTimesMs = [];
    this.chatTimesMs.clear();
  }

  check(
    method: string,
    chat: { id: number; type: EmulatedChatType } | undefined,
    nowMs: number,
  ): number | undefined {
    const forced = this.forced.get(method);
    if (forced !== undefined) {
      forced.remaining -= 1;
      if (forced.remaining <= 0) this.forced.delete(method);
      return forced.retryAfterS;
    }
    const limits = this.limits;
    if (limits === null || !(limits.methods ?? ['sendMessage']).includes(method)) return undefined;
    const chatTimesMs = chat === undefined ? [] : (this.chatTimesMs.get(chat.id) ?? []);
    const perChatPerSecond = limits.perChatPerSecond ?? TELEGRAM_SEND_LIMITS.perChatPerSecond;
    const perGroupPerMinute = limits.perGroupPerMinute ?? TELEGRAM_SEND_LIMITS.perGroupPerMinute;
    const globalPerSecond = limits.globalPerSecond ?? TELEGRAM_SEND_LIMITS.globalPerSecond;
    const windows: Window[] = [{ limit: globalPerSecond, windowMs: SECOND_MS, timesMs: this.globalTimesMs }];
    if (chat !== undefined) {
      windows.push({ limit: perChatPerSecond, windowMs: SECOND_MS, timesMs: chatTimesMs });
      if (chat.type !== 'private') {
        windows.push({ limit: perGroupPerMinute, windowMs: MINUTE_MS, timesMs: chatTimesMs });
      }
    }
    let waitMs = 0;
    for (const window of windows) {
      const inWindow = window.timesMs.filter((timeMs) => timeMs > nowMs - window.windowMs);
      if (inWindow.length >= window.limit) {
        // The window has room again once its oldest counted call leaves it.
        const oldestMs = inWindow[inWindow.length - window.limit] ?? nowMs;
        waitMs = Math.max(waitMs, oldestMs + window.windowMs - nowMs);
      }
    }
    if (waitMs > 0) return limits.retryAfterS ?? Math.max(1, Math.ceil(waitMs / SECOND_MS));
    this.globalTimesMs = [...this.globalTimesMs.filter((timeMs) => timeMs > nowMs - SECOND_MS), nowMs];
    if (chat !== undefined) {
      this.chatTimesMs.set(chat.id, [...chatTimesMs.filter((timeMs) => timeMs > nowMs - MINUTE_MS), nowMs]);
    }
    return undefined;
  }
}
