import { UserIdSchema } from '@ticketonomics/contracts';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * A member's session token: `tkm1.<claims>.<signature>`, base64url, the signature HMAC-SHA256 of
 * `tkm1.<claims>` under APP_SESSION_SECRET. Signed rather than stored: every replica checks it without a
 * round trip and nothing has to be cleaned up; it is short-lived (APP_SESSION_TTL_MS) since it cannot be
 * revoked one by one, and membership is checked on every request, so a member who leaves a community
 * loses it at once. Its prefix is not an API key's (`tk_`), so neither is mistaken for the other.
 */
export const SESSION_TOKEN_PREFIX = 'tkm1.';
/** Tokens are a few hundred characters; anything much longer is not one (and is not hashed). */
const TOKEN_LENGTH_MAX = 1_024;

const ClaimsSchema = z.strictObject({
  /** Session id: the sign-in this token (and its refreshes) belongs to. */
  sid: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  uid: UserIdSchema,
  /** Telegram user id, decimal. */
  tg: z.string().regex(/^[1-9][0-9]{0,19}$/),
  /** When this token expires, Unix ms. */
  exp: z.number().int().positive(),
  /** When the sign-in can no longer be refreshed, Unix ms. */
  max: z.number().int().positive(),
});
export type SessionClaims = z.infer<typeof ClaimsSchema>;

function signatureOf(secret: string, signedPart: string): Buffer {
  return createHmac('sha256', secret).update(signedPart).digest();
}

export function signSessionToken(claims: SessionClaims, secret: string): string {
  const signedPart = SESSION_TOKEN_PREFIX + Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${signedPart}.${signatureOf(secret, signedPart).toString('base64url')}`;
}

export type SessionTokenCheck =
  { ok: true; claims: SessionClaims } | { ok: false; refusal: 'invalid' | 'expired' };

/** The claims of a token this secret signed and that has not expired at `nowMs`. Pure. */
export function verifySessionToken(token: string, secret: string, nowMs: number): SessionTokenCheck {
  if (token.length > TOKEN_LENGTH_MAX || !token.startsWith(SESSION_TOKEN_PREFIX)) {
    return { ok: false, refusal: 'invalid' };
  }
  const dot = token.lastIndexOf('.');
  const signedPart = token.slice(0, dot);
  const presented = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = signatureOf(secret, signedPart);
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
    return { ok: false, refusal: 'invalid' };
  }
  let claims;
  try {
    claims = ClaimsSchema.safeParse(
      JSON.parse(Buffer.from(signedPart.slice(SESSION_TOKEN_PREFIX.length), 'base64url').toString('utf8')),
    );
  } catch {
    return { ok: false, refusal: 'invalid' };
  }
  if (!claims.success) return { ok: false, refusal: 'invalid' };
  if (claims.data.exp <= nowMs) return { ok: false, refusal: 'expired' };
  return { ok: true, claims: claims.data };
}
