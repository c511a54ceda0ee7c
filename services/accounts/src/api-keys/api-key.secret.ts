import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

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
    secretHash: hashSecret(secret),
  };
}

/**
 * SHA-256 of a key's secret, in hex. A fast hash is enough here: the secret is 256 random bits, so nobody
 * can guess it from the hash, and a slow password hash (bcrypt, scrypt) would only slow every check down.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Whether `secret` is the one hashed into `storedHash`, compared in constant time. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
