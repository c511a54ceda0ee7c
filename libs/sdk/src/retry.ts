/** How the client retries: bounded attempts, exponential back-off with full jitter, server waits honoured. */
export interface RetryOptions {
  /** Attempts per call, the first included (1: never retry). */
  attemptsMax: number;
  /** Back-off before the second attempt; doubles each time, up to maxDelayMs (jittered: 0..delay). */
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * The longest wait the client takes by itself when the API asks for one (Retry-After, X-RateLimit-Reset);
   * a longer one fails the call at once with retryAfterSeconds, for the caller to decide.
   */
  maxServerWaitMs: number;
}

export const RETRY_DEFAULTS: RetryOptions = {
  attemptsMax: 4,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  maxServerWaitMs: 10_000,
};

/** Statuses worth another attempt: rate limited, and the gateway or a service briefly away. */
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/** Back-off before attempt `attempt + 1` (attempt counts from 1): full jitter over an exponential cap. */
export function backoffDelayMs(
  attempt: number,
  options: RetryOptions,
  random: () => number = Math.random,
): number {
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * cap);
}

/**
 * How long the API asked the client to wait, in ms: Retry-After (seconds or an HTTP date), else the
 * rate-limit window's reset when nothing of the limit remains. Null: it asked nothing.
 */
export function serverWaitMs(headers: Headers, now: number = Date.now()): number | null {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  return rateLimitResetMs(headers);
}

/** Ms until the key's rate-limit window starts over, when the answer says nothing of it remains. */
export function rateLimitResetMs(headers: Headers): number | null {
  if (headers.get('x-ratelimit-remaining') !== '0') return null;
  const reset = Number(headers.get('x-ratelimit-reset'));
  return Number.isFinite(reset) && reset >= 0 ? Math.ceil(reset * 1000) : null;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
