import { apiKeySecretHash } from '@ticketonomics/contracts';
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** Random bytes in a key's secret: 256 bits, written as 43 base64url characters. */
const SECRET_BYTES = 32;
/** Characters of the secret shown in a key's prefix: 24 of its 256 bits, too few to matter, enough to tell keys apart. */
const PREFIX_SECRET_CHARS = 4;

export interface NewApiKey {
  /** The full key handed to the client once: tk_<keyId>_<secret>. */
  key: string;
  prefix: string;
  secretHash: string;
}

/** A new key for `keyId`, with what is stored of it. */
export function newApiKey(keyId: string): NewApiKey {
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  return {
    key: `tk_${keyId}_${secret}`,
    prefix: `tk_${keyId}_${secret.slice(0, PREFIX_SECRET_CHARS)}`,
    secretHash: apiKeySecretHash(secret),
  };
}

/**
 * Whether the hash a gateway sent (apikey.verify carries the secret's hash, never the secret) is the
 * stored one, compared in constant time.
 */
export function hashMatches(presentedHash: string, storedHash: string): boolean {
  const presented = Buffer.from(presentedHash, 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  // Buffer.from drops what is not hex: a stored hash of another shape never matches.
  return presented.length === 32 && presented.length === stored.length && timingSafeEqual(presented, stored);
}
