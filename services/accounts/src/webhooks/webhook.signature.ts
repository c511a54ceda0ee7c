import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Random bytes in a signing secret (256 bits). */
const SECRET_BYTES = 32;

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(SECRET_BYTES).toString('base64url')}`;
}

function hmacHex(secret: string, timestampSec: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestampSec}.${body}`, 'utf8').digest('hex');
}

/**
 * The X-Ticketonomics-Signature header of a delivery: `t=<unix seconds>,v1=<hex HMAC-SHA256>` over
 * `<t>.<body>` with the webhook's secret. Signing the timestamp with the body lets a receiver refuse a
 * captured request replayed later.
 */
export function signatureHeader(secret: string, timestampSec: number, body: string): string {
  return `t=${timestampSec},v1=${hmacHex(secret, timestampSec, body)}`;
}

/**
 * How a receiver checks a delivery (this is the reference the README describes): parse t and v1, recompute
 * the HMAC over `<t>.<raw body>` with the secret, compare in constant time, and refuse a timestamp more
 * than `toleranceSec` from its own clock. Receivers should also drop an event id they have already seen.
 */
export function verifySignature(
  secret: string,
  header: string,
  body: string,
  nowSec: number,
  toleranceSec = 300,
): boolean {
  const parts = new Map(
    header.split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const timestamp = Number(parts.get('t'));
  const signature = parts.get('v1') ?? '';
  if (!Number.isSafeInteger(timestamp) || Math.abs(nowSec - timestamp) > toleranceSec) return false;
  if (!/^[0-9a-f]{64}$/.test(signature)) return false;
  return timingSafeEqual(Buffer.from(signature, 'hex'), Buffer.from(hmacHex(secret, timestamp, body), 'hex'));
}
