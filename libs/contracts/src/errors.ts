import { z } from 'zod';
import { ERROR_DETAILS, type ErrorDetails, type ErrorDetailsInput } from './error-details';

/**
 * Stable error codes of the wire format. Clients switch on these strings, so a code is never renamed or
 * reused for another meaning; add new ones instead.
 */
export const ERROR_CODES = [
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
] as const;

export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ErrorBodySchema = z.strictObject({
  code: ErrorCodeSchema,
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/**
 * An expected failure with a stable code. Services throw it; the transport turns it into
 * `{"ok":false,"error":{...}}`. Anything else thrown is a bug and is answered as INTERNAL without details.
 * The details are the code's (error-details.ts): the constructor takes that type, so a service cannot
 * send a field the schema does not name; a reader gets them typed through detailsOf.
 */
export class DomainError<C extends ErrorCode = ErrorCode> extends Error {
  /** As sent or received: a refusal from another service is not checked until detailsOf reads it. */
  readonly details?: Readonly<Record<string, unknown>>;

  constructor(
    readonly code: C,
    message: string,
    details?: ErrorDetailsInput<C>,
  ) {
    super(message);
    this.name = 'DomainError';
    this.details = details;
  }

  /**
   * A refusal as another service sent it (or one passed on with its details kept): its details are the
   * sender's, so they are carried as they are, unchecked.
   */
  static fromBody(body: ErrorBody): DomainError {
    const error = new DomainError(body.code, body.message);
    return body.details === undefined ? error : Object.assign(error, { details: body.details });
  }

  toBody(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: { ...this.details } };
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}

/**
 * The details of `error` typed as code C carries them, or null when it is another code (or not a
 * DomainError) or its details do not match C's schema (a reader then falls back to the plain reply).
 */
export function detailsOf<C extends ErrorCode>(error: unknown, code: C): ErrorDetails<C> | null {
  if (!isDomainError(error) || error.code !== code) return null;
  const parsed = ERROR_DETAILS[code].safeParse(error.details ?? {});
  return parsed.success ? (parsed.data as ErrorDetails<C>) : null;
}
