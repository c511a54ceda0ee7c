import { detailsOf, ERROR_CODES, isDomainError } from '@ticketonomics/contracts';
import { z } from 'zod';

/** Seconds a client is asked to wait before retrying a request a service could not take. */
export const RETRY_AFTER_UNAVAILABLE_S = 1;

/**
 * The codes an HTTP caller can get: the wire format's stable codes, plus the two only HTTP has (a method
 * the path does not take, a body past the size limit). Clients switch on these strings.
 */
export const HTTP_ERROR_CODES = [...ERROR_CODES, 'METHOD_NOT_ALLOWED', 'PAYLOAD_TOO_LARGE'] as const;
export const HttpErrorCodeSchema = z.enum(HTTP_ERROR_CODES);
export type HttpErrorCode = z.infer<typeof HttpErrorCodeSchema>;

/**
 * Every error answer of the gateway, on every path (API, public JSON, dashboard, docs, unknown paths):
 * `{"error":{"code","message","details"}}`, details always an object (empty when there is nothing to add).
 */
export const HttpErrorBodySchema = z.strictObject({
  error: z.strictObject({
    code: HttpErrorCodeSchema,
    message: z.string().min(1),
    details: z.record(z.string(), z.unknown()),
  }),
});
export type HttpErrorBody = z.infer<typeof HttpErrorBodySchema>;

/**
 * The one mapping from error codes to HTTP statuses.
 * - 401 UNAUTHENTICATED: no usable API key (missing, invalid, revoked); 403 FORBIDDEN: a known key that
 *   may not do this (another community, a missing scope), or a request the rules never allow.
 * - 429 RATE_LIMITED: too many requests of a key or an address, or failed authentications of an address.
 * - 422: the request is well formed but the economy's state or rules refuse it (not enough tickets, a
 *   frozen account, a policy limit, sold out, already reversed, a link code that is not valid...).
 *   Retrying the same request only helps once that state changes.
 * - 409: it clashes with an earlier request or another resource: an Idempotency-Key reused with other
 *   content (IDEMPOTENCY_CONFLICT), a uniqueness or version clash (CONFLICT); IDENTITY_TAKEN, no longer
 *   answered, keeps its status for clients that switch on it.
 * - 503 with Retry-After: a service is down, slow (UNAVAILABLE) or shedding load (OVERLOADED).
 */
export const HTTP_STATUS_BY_CODE: Record<HttpErrorCode, number> = {
  VALIDATION_FAILED: 400,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  INSUFFICIENT_FUNDS: 422,
  ACCOUNT_FROZEN: 422,
  LIMIT_EXCEEDED: 422,
  COMMUNITY_MISMATCH: 422,
  ALREADY_REVERSED: 422,
  NOT_REVERSIBLE: 422,
  PENDING_NOT_OPEN: 422,
  SOLD_OUT: 422,
  LINK_CODE_INVALID: 422,
  IDENTITY_TAKEN: 409,
  IDEMPOTENCY_CONFLICT: 409,
  CONFLICT: 409,
  OVERLOADED: 503,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** What a code means, in the words the documentation and a message without better words use. */
export const HTTP_ERROR_MEANINGS: Record<HttpErrorCode, string> = {
  VALIDATION_FAILED: 'the request is malformed: details.field and details.in name the first bad part',
  NOT_FOUND: 'no such route, or no such thing in this community: details.field names which',
  METHOD_NOT_ALLOWED: 'the path exists but not with this method: the Allow header lists those it takes',
  PAYLOAD_TOO_LARGE: 'the body is larger than the gateway takes (details.maxBytes)',
  UNAUTHENTICATED: 'no usable API key: missing, not valid or revoked (details.reason)',
  FORBIDDEN: 'the key may not do this: another community or a missing scope (details.reason)',
  RATE_LIMITED: 'too many requests: wait Retry-After seconds (details.retryAfterSeconds)',
  INSUFFICIENT_FUNDS: 'not enough tickets available for this',
  ACCOUNT_FROZEN: 'an account this needs is frozen by the community',
  LIMIT_EXCEEDED: "the community's policy limits refuse this amount",
  COMMUNITY_MISMATCH: 'the things named belong to different communities',
  ALREADY_REVERSED: 'this was reversed already',
  NOT_REVERSIBLE: 'this cannot be reversed',
  PENDING_NOT_OPEN: 'the hold is no longer open',
  SOLD_OUT: 'none left to sell',
  LINK_CODE_INVALID: 'the link code is wrong, expired, used or not for this member or provider',
  IDENTITY_TAKEN: 'the identity belongs to another user',
  IDEMPOTENCY_CONFLICT: 'this Idempotency-Key was used before with another request: use a new key',
  CONFLICT: 'this clashes with what exists now (details say what)',
  OVERLOADED: 'the gateway or a service is busy: retry after Retry-After seconds',
  UNAVAILABLE: 'a service is not answering: retry after Retry-After seconds',
  INTERNAL: 'an unexpected error; it was logged',
};

/**
 * A refusal made by the gateway itself, with headers of its own (a rate limit's Retry-After and
 * X-RateLimit-*, a 405's Allow). The status is the code's.
 */
export class HttpRefusal extends Error {
  constructor(
    readonly code: HttpErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpRefusal';
  }
}

export interface HttpError {
  status: number;
  body: HttpErrorBody;
  headers: Record<string, string>;
  /** Not an expected refusal: a bug or a broken dependency, worth a log line with the stack. */
  unexpected: boolean;
}

/** The body of an error answer. */
export function errorBody(
  code: HttpErrorCode,
  message: string,
  details: Record<string, unknown> = {},
): HttpErrorBody {
  return { error: { code, message, details } };
}

/** What the client gets for anything thrown while handling a request; never a stack trace. */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpRefusal) {
    const status = HTTP_STATUS_BY_CODE[error.code];
    return {
      status,
      body: errorBody(error.code, error.message, error.details),
      headers: { ...headersFor(status), ...error.headers },
      unexpected: false,
    };
  }
  if (isDomainError(error)) {
    const status = HTTP_STATUS_BY_CODE[error.code] ?? 500;
    if (status === 500) return internal();
    const retryAfterSeconds = detailsOf(error, 'RATE_LIMITED')?.retryAfterSeconds;
    return {
      status,
      body: errorBody(error.code, error.message, { ...error.details }),
      // A service's own rate limit (wrong link codes) says how long to wait; over HTTP that is Retry-After.
      headers:
        retryAfterSeconds !== undefined
          ? { ...headersFor(status), 'Retry-After': String(retryAfterSeconds) }
          : headersFor(status),
      unexpected: false,
    };
  }
  return internal();
}

function internal(): HttpError {
  return {
    status: 500,
    body: errorBody('INTERNAL', 'internal error; it was logged, and retrying later may help'),
    headers: {},
    unexpected: true,
  };
}

/** Headers every answer of a status carries (RFC 9110: a 401 names its scheme). */
function headersFor(status: number): Record<string, string> {
  if (status === 401) return { 'WWW-Authenticate': 'Bearer' };
  if (status === 503) return { 'Retry-After': String(RETRY_AFTER_UNAVAILABLE_S) };
  return {};
}

/** 404 for a path nothing serves, in the words of every route. */
export function routeNotFound(method: string, pathname: string): HttpRefusal {
  return new HttpRefusal(
    'NOT_FOUND',
    `no route ${method} ${pathname}; the API is listed at /docs (GET /openapi.json)`,
    { reason: 'route', field: 'path', in: 'path' },
  );
}

/** 405 for a path served with other methods, with the Allow header. */
export function methodNotAllowed(method: string, pathname: string, allowed: readonly string[]): HttpRefusal {
  return new HttpRefusal(
    'METHOD_NOT_ALLOWED',
    `${method} is not allowed on ${pathname}; use ${allowed.join(' or ')}`,
    { reason: 'method', allowed: [...allowed] },
    { Allow: allowed.join(', ') },
  );
}
