import { HttpRefusal } from '../http/http-error';

/** What a 429 and the X-RateLimit headers say: the limit, what is left of it, and when it starts over. */
export interface RateState {
  limit: number;
  remaining: number;
  /** Seconds until the window starts over. */
  resetSeconds: number;
}

/**
 * Which limit a 429 is about: an API key's requests ('key'), an address's failed authentications
 * ('auth_failures'), an address's requests to the public routes ('address'), a community's wrong link
 * codes ('link_code_failures'), a key's or an address's open streams ('stream_connections'). A limit of a
 * service's own rules with no window (a member's proposal cooldown) keeps the service's reason instead.
 */
export type RateLimitReason =
  'key' | 'auth_failures' | 'address' | 'link_code_failures' | 'stream_connections';

/** Every request counted against a rate limit carries these, refused or not. */
export function rateLimitHeaders(state: RateState): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(state.limit),
    'X-RateLimit-Remaining': String(state.remaining),
    'X-RateLimit-Reset': String(state.resetSeconds),
  };
}

export interface RateLimitedOptions {
  reason: RateLimitReason;
  message: string;
  limit: number;
  /** The window the limit counts in, in seconds (null for a cap on things open at once). */
  windowSeconds: number | null;
  retryAfterSeconds: number;
}

/**
 * Every 429 of the gateway: RATE_LIMITED with Retry-After and the X-RateLimit headers, and the same
 * details, `{reason, limit, windowSeconds, retryAfterSeconds}`, whatever the limit.
 */
export function rateLimited(options: RateLimitedOptions): HttpRefusal {
  const retryAfterSeconds = Math.max(1, Math.ceil(options.retryAfterSeconds));
  return new HttpRefusal(
    'RATE_LIMITED',
    options.message,
    {
      reason: options.reason,
      limit: options.limit,
      windowSeconds: options.windowSeconds,
      retryAfterSeconds,
    },
    {
      ...rateLimitHeaders({ limit: options.limit, remaining: 0, resetSeconds: retryAfterSeconds }),
      'Retry-After': String(retryAfterSeconds),
    },
  );
}

/** 429 for a per-minute limit of an API key ('key') or of an address's failed authentications. */
export function rateLimitRefusal(state: RateState, reason: 'key' | 'auth_failures' = 'key'): HttpRefusal {
  return rateLimited({
    reason,
    message:
      reason === 'key'
        ? `rate limit of ${state.limit} requests per minute reached; retry in ${state.resetSeconds} s`
        : `too many failed authentications from your address (${state.limit} per minute); retry in ${state.resetSeconds} s with a valid API key`,
    limit: state.limit,
    windowSeconds: 60,
    retryAfterSeconds: state.resetSeconds,
  });
}
