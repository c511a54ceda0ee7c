import { DomainError } from '@ticketonomics/contracts';
import { createHash } from 'node:crypto';

/** Longest Idempotency-Key header accepted (a UUID is 36). */
export const IDEMPOTENCY_KEY_LENGTH_MAX = 255;
const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]+$/;
/** Characters of the derived id's hash: 40 base64url characters carry 240 bits. */
const DERIVED_HASH_LENGTH = 40;

/** The Idempotency-Key header, checked: 1-255 printable ASCII characters without spaces. */
export function parseIdempotencyKey(header: string | string[] | undefined): string {
  if (header === undefined || header === '') {
    throw new DomainError(
      'VALIDATION_FAILED',
      'Idempotency-Key: is required on this route (a unique string per operation, such as a UUID; send the same one to retry)',
      { field: 'Idempotency-Key', in: 'header' },
    );
  }
  const value = Array.isArray(header) ? header.join(',') : header;
  if (value.length > IDEMPOTENCY_KEY_LENGTH_MAX || !IDEMPOTENCY_KEY_PATTERN.test(value)) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `Idempotency-Key: must be 1-${IDEMPOTENCY_KEY_LENGTH_MAX} printable ASCII characters without spaces, sent once`,
      { field: 'Idempotency-Key', in: 'header' },
    );
  }
  return value;
}

/**
 * The id a money-moving command gets from an API request: derived from the API key's id, the operation
 * and the Idempotency-Key header. Two keys never collide, the same key and header always give the same id
 * (so the service returns its first result, or IDEMPOTENCY_CONFLICT for other content), and the id fits
 * every service's id format (at most 48 characters of [A-Za-z0-9_-:]) whatever the header holds.
 */
export function deriveRequestId(keyId: string, operation: string, idempotencyKey: string): string {
  const digest = createHash('sha256').update(`${keyId}\n${operation}\n${idempotencyKey}`).digest('base64url');
  return `api:${digest.slice(0, DERIVED_HASH_LENGTH)}`;
}
