import { createHash, randomInt } from 'node:crypto';
import { LINK_CODE_ALPHABET, LINK_CODE_LIMITS, normalizeLinkCode } from '@ticketonomics/contracts';

/** A new code as the member reads it: K7Q2-9XF3. */
export function newLinkCode(): string {
  let code = '';
  for (let i = 0; i < LINK_CODE_LIMITS.length; i += 1) {
    code += LINK_CODE_ALPHABET[randomInt(LINK_CODE_ALPHABET.length)];
  }
  const half = LINK_CODE_LIMITS.length / 2;
  return `${code.slice(0, half)}-${code.slice(half)}`;
}

/**
 * The hex SHA-256 of a code as typed (normalized first), which is what is stored and looked up. A fast
 * hash is enough: a stolen digest is worth little, since the code lives minutes and is used once.
 */
export function hashLinkCode(typed: string): string {
  return createHash('sha256').update(normalizeLinkCode(typed), 'utf8').digest('hex');
}
