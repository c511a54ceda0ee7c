import { HttpRefusal } from '../http/http-error';

/** What a 429 and the X-RateLimit headers say: the limit, what is left of it, and when it starts over. */
export interface RateState {
  limit: number;
  remaining: number;
  /** Seconds until the window starts over. */
  resetSeconds: number;
}

export function rateLimitHeaders(state: RateState): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(state.limit),
    'X-RateLimit-Remaining': String(state.remaining),
    'X-RateLimit-Reset': String(state.resetSeconds),
  };
}

/**
 * 429 RATE_LIMITED with Retry-After and the X-RateLimit headers of the limit that was reached:
 * details.reason 'key' for an API key past its requests per minute, 'auth_failures' for a client address
 * past its failed authentications per minute.
 */
export function rateLimitRefusal(state: RateState, reason: 'key' | 'auth_failures' = 'key'): HttpRefusal {
  const message =
    reason === 'key'
      ? `rate limit of ${state.limit} requests per minute reached; retry in ${state.resetSeconds} s`
      : `too many failed authentications from your address (${state.limit} per minute); retry in ${state.resetSeconds} s with a valid API key`;
  return new HttpRefusal(
    429,
    'RATE_LIMITED',
    message,
    { reason, limitPerMinute: state.limit, retryAfterSeconds: state.resetSeconds },
    { ...rateLimitHeaders(state), 'Retry-After': String(state.resetSeconds) },
  );
}
