import { DomainError, type ErrorBody, type ErrorCode } from '@ticketonomics/contracts';

/** Seconds a client is asked to wait before retrying a request a service could not take. */
export const RETRY_AFTER_UNAVAILABLE_S = 1;

/**
 * The one mapping from the wire format's error codes to HTTP statuses.
 * - 401 UNAUTHENTICATED: no usable API key (missing, invalid, revoked); 403 FORBIDDEN: a known key that
 *   may not do this (another community, a missing scope), or a request the rules never allow.
 * - 429 RATE_LIMITED: too many requests of a key, or failed authentications of an address.
 * - 422: the request is well formed but the economy's state or rules refuse it (not enough tickets, a
 *   frozen account, a policy limit, sold out, already reversed, a link code that is not valid...). Retrying the same request only helps
 *   once that state changes.
 * - 409: it clashes with an earlier request or another resource: an id reused with other content
 *   (IDEMPOTENCY_CONFLICT), a uniqueness or version clash (CONFLICT); IDENTITY_TAKEN, no longer answered,
 *   keeps its status for clients that switch on it.
 * - 503 with Retry-After: a service is down, slow (UNAVAILABLE) or shedding load (OVERLOADED).
 */
export const HTTP_STATUS_BY_CODE: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  NOT_FOUND: 404,
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

/**
 * A refusal made by the gateway itself that needs its own headers (a rate limit's Retry-After and
 * X-RateLimit-*, a 405's Allow) or a status other than the code's usual one (a body too large: 413, a
 * method not allowed: 405). details.reason says which, so clients need not parse messages.
 */
export class HttpRefusal extends DomainError {
  constructor(
    readonly status: number,
    code: ErrorCode,
    message: string,
    details: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(code, message, details);
    this.name = 'HttpRefusal';
  }
}

export interface HttpError {
  status: number;
  body: { error: ErrorBody };
  headers: Record<string, string>;
  /** Not an expected refusal: a bug or a broken dependency, worth a log line with the stack. */
  unexpected: boolean;
}

/** What the client gets for anything thrown while handling a request; never a stack trace. */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpRefusal) {
    return {
      status: error.status,
      body: { error: error.toBody() },
      headers: { ...headersFor(error.status), ...error.headers },
      unexpected: false,
    };
  }
  if (error instanceof DomainError) {
    const status = HTTP_STATUS_BY_CODE[error.code] ?? 500;
    const retryAfterS = error.details?.['retryAfterSeconds'];
    return {
      status,
      body: { error: error.toBody() },
      // A service's own rate limit (wrong link codes) says how long to wait; over HTTP that is Retry-After.
      headers:
        status === 429 && typeof retryAfterS === 'number'
          ? { ...headersFor(status), 'Retry-After': String(retryAfterS) }
          : headersFor(status),
      unexpected: status === 500,
    };
  }
  return {
    status: 500,
    body: { error: { code: 'INTERNAL', message: 'internal error; it was logged' } },
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
