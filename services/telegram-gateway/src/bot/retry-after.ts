import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { TelegramError } from 'telegraf';

export interface RetryAfterOptions {
  /** Tries in all, the first included. */
  attemptsMax: number;
  /** The longest wait for one retry_after, whatever Telegram asks. */
  waitMaxMs: number;
  logger: Logger;
  /** The Bot API method, for the log. */
  method: string;
}

/**
 * One Bot API call that Telegram may answer with 429 (flood control): waits its retry_after and calls again, up to
 * attemptsMax tries. For the calls every replica makes as it starts (setWebhook, setMyCommands): replicas started
 * together make them within a second, which Telegram may refuse with "retry after 1", and a replica that gave up
 * would not start. Any other error is thrown at once.
 */
export async function withRetryAfter<T>(call: () => Promise<T>, options: RetryAfterOptions): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof TelegramError) || error.code !== 429 || attempt >= options.attemptsMax)
        throw error;
      const retryAfterS = Math.max(1, Number(error.parameters?.retry_after ?? 1));
      const waitMs = Math.min(retryAfterS * 1_000, options.waitMaxMs);
      options.logger.warn(
        { method: options.method, retryAfterS, attempt },
        'Telegram rate limit (429) at start: waiting, then calling again',
      );
      await sleep(waitMs);
    }
  }
}
