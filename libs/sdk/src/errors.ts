import type { Schemas } from './generated/api.types';

/** Error codes the API answers (its Error schema), and the SDK's own for failures with no answer. */
export const API_ERROR_CODES = [
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'INSUFFICIENT_FUNDS',
  'ACCOUNT_FROZEN',
  'IDEMPOTENCY_CONFLICT',
  'CONFLICT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'LIMIT_EXCEEDED',
  'RATE_LIMITED',
  'COMMUNITY_MISMATCH',
  'ALREADY_REVERSED',
  'NOT_REVERSIBLE',
  'PENDING_NOT_OPEN',
  'SOLD_OUT',
  'LINK_CODE_INVALID',
  'IDENTITY_TAKEN',
  'OVERLOADED',
  'UNAVAILABLE',
  'INTERNAL',
  'METHOD_NOT_ALLOWED',
  'PAYLOAD_TOO_LARGE',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** NETWORK_ERROR: no answer (refused, reset); TIMEOUT: no answer in time; BAD_RESPONSE: not the API's JSON. */
export type ClientErrorCode = 'NETWORK_ERROR' | 'TIMEOUT' | 'BAD_RESPONSE';
export type TicketonomicsErrorCode = ApiErrorCode | ClientErrorCode;

/** The `details` of an error of this code, as the OpenAPI document describes them (ErrorDetails.<CODE>). */
export type ErrorDetailsOf<C extends TicketonomicsErrorCode> = `ErrorDetails.${C}` extends keyof Schemas
  ? Schemas[`ErrorDetails.${C}`]
  : Record<string, unknown>;

export interface TicketonomicsErrorInit {
  code: TicketonomicsErrorCode;
  message: string;
  /** The HTTP status, or null when no answer came. */
  status: number | null;
  details?: Record<string, unknown>;
  retryAfterSeconds?: number | null;
  operation: string;
  attempts: number;
  cause?: unknown;
}

/**
 * Every failure of the SDK: the API's error answer (code, status, details as documented for that code)
 * or the SDK's own when there was no usable answer. retryAfterSeconds is set when the API said how long
 * to wait (429, 503) and that wait was longer than the client was allowed to wait by itself.
 */
export class TicketonomicsError<C extends TicketonomicsErrorCode = TicketonomicsErrorCode> extends Error {
  readonly code: C;
  readonly status: number | null;
  readonly details: ErrorDetailsOf<C>;
  readonly retryAfterSeconds: number | null;
  /** The operation id (createTransfer) the call was. */
  readonly operation: string;
  /** Attempts made, retries included. */
  readonly attempts: number;

  constructor(init: TicketonomicsErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'TicketonomicsError';
    this.code = init.code as C;
    this.status = init.status;
    this.details = (init.details ?? {}) as ErrorDetailsOf<C>;
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
    this.operation = init.operation;
    this.attempts = init.attempts;
  }
}

/**
 * Whether a value is a TicketonomicsError, of one of the given codes when any are given (its `details`
 * then typed as that code's).
 */
export function isTicketonomicsError<C extends TicketonomicsErrorCode = TicketonomicsErrorCode>(
  value: unknown,
  ...codes: C[]
): value is TicketonomicsError<C> {
  return value instanceof TicketonomicsError && (codes.length === 0 || codes.includes(value.code));
}

/** The API's error body, when the answer is one: `{"error":{"code","message","details"}}`. */
export function apiErrorBody(
  body: unknown,
): { code: ApiErrorCode; message: string; details: Record<string, unknown> } | null {
  const error = (body as { error?: unknown } | null)?.error as
    { code?: unknown; message?: unknown; details?: unknown } | undefined;
  if (error === undefined || error === null || typeof error.code !== 'string') return null;
  if (!(API_ERROR_CODES as readonly string[]).includes(error.code)) return null;
  return {
    code: error.code as ApiErrorCode,
    message: typeof error.message === 'string' ? error.message : error.code,
    details:
      typeof error.details === 'object' && error.details !== null
        ? (error.details as Record<string, unknown>)
        : {},
  };
}
