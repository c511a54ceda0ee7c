import { z } from 'zod';

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
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  toBody(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}
