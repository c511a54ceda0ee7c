import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Random bytes in a signing secret (256 bits). */
const SECRET_BYTES = 32;
const SECRET_PREFIX = 'whsec_';

/**
 * How a webhook's secret becomes the HMAC key of its Standard Webhooks signature:
 * - `standard`: `whsec_` + base64 of random bytes; the key is the base64-decoded part (the spec's rule, what
 *   every Standard Webhooks library does with a `whsec_` secret). Every webhook created from now on.
 * - `legacy`: a secret made before Standard Webhooks (`whsec_` + base64url, whose whole text was the key). Its
 *   key stays the whole text, so the receiver needs nothing new: libraries take it as a raw key (the
 *   JavaScript one as `new Webhook(secret, { format: 'raw' })`).
 */
export type WebhookSecretFormat = 'standard' | 'legacy';

export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64')}`;
}

export function signingKey(secret: string, format: WebhookSecretFormat): Buffer {
  if (format === 'legacy') return Buffer.from(secret, 'utf8');
  return Buffer.from(
    secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret,
    'base64',
  );
}

/**
 * The `webhook-signature` header (Standard Webhooks): `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`
 * for each key, space-separated, so a receiver holding any one of them (as during a secret's rotation) accepts.
 */
export function standardSignatureHeader(
  keys: readonly Buffer[],
  messageId: string,
  timestampSec: number,
  body: string,
): string {
  const signed = `${messageId}.${timestampSec}.${body}`;
  return keys
    .map((key) => `v1,${createHmac('sha256', key).update(signed, 'utf8').digest('base64')}`)
    .join(' ');
}

/** What a delivery says about itself, for its headers. */
export interface SignedDelivery {
  secret: string;
  secretFormat: WebhookSecretFormat;
  /** The CloudEvent id: the same on every retry, so receivers can drop a repeat (Standard Webhooks' `webhook-id`). */
  eventId: string;
  eventType: string;
  timestampSec: number;
  body: string;
}

/**
 * The signing headers of one attempt: Standard Webhooks' three, and (deprecated, sent for one release so that
 * receivers written against them keep working while they move over) the X-Ticketonomics-* ones as before.
 */
export function deliveryHeaders(delivery: SignedDelivery): Record<string, string> {
  const { secret, secretFormat, eventId, eventType, timestampSec, body } = delivery;
  return {
    'webhook-id': eventId,
    'webhook-timestamp': String(timestampSec),
    'webhook-signature': standardSignatureHeader(
      [signingKey(secret, secretFormat)],
      eventId,
      timestampSec,
      body,
    ),
    'X-Ticketonomics-Event-Id': eventId,
    'X-Ticketonomics-Event-Type': eventType,
    'X-Ticketonomics-Timestamp': String(timestampSec),
    'X-Ticketonomics-Signature': legacySignatureHeader(secret, timestampSec, body),
  };
}

function legacyHmacHex(secret: string, timestampSec: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestampSec}.${body}`, 'utf8').digest('hex');
}

/**
 * Deprecated: the X-Ticketonomics-Signature header, `t=<unix seconds>,v1=<hex HMAC-SHA256>` over `<t>.<body>`
 * keyed by the secret's whole text (whatever its format), as receivers written before Standard Webhooks check.
 */
export function legacySignatureHeader(secret: string, timestampSec: number, body: string): string {
  return `t=${timestampSec},v1=${legacyHmacHex(secret, timestampSec, body)}`;
}

/**
 * How a receiver written before Standard Webhooks checks X-Ticketonomics-Signature (deprecated): parse t and
 * v1, recompute the HMAC over `<t>.<raw body>` with the whole secret, compare in constant time, and refuse a
 * timestamp more than `toleranceSec` from its own clock.
 */
export function verifyLegacySignature(
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
  return timingSafeEqual(
    Buffer.from(signature, 'hex'),
    Buffer.from(legacyHmacHex(secret, timestamp, body), 'hex'),
  );
}
