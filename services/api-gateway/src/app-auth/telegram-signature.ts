import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Telegram's hashes are hex SHA-256 HMACs: 64 hex digits. */
const HASH_PATTERN = /^[0-9a-f]{64}$/;

/**
 * Telegram's data-check-string: every received field but `hash`, as `key=value`, sorted by key, joined
 * with line feeds. The Mini App's initData and the Login Widget's payload both use it.
 */
export function dataCheckString(fields: ReadonlyMap<string, string>): string {
  return [...fields.keys()]
    .filter((key) => key !== 'hash')
    .sort()
    .map((key) => `${key}=${fields.get(key)!}`)
    .join('\n');
}

/** The Mini App's secret key: HMAC-SHA256 of the bot token with the key "WebAppData". */
export function webAppSecretKey(botToken: string): Buffer {
  return createHmac('sha256', 'WebAppData').update(botToken).digest();
}

/** The Login Widget's secret key: SHA-256 of the bot token. */
export function loginWidgetSecretKey(botToken: string): Buffer {
  return createHash('sha256').update(botToken).digest();
}

/** The hex HMAC-SHA256 of a data-check-string under a secret key (what Telegram puts in `hash`). */
export function signDataCheckString(secretKey: Buffer, checkString: string): string {
  return createHmac('sha256', secretKey).update(checkString).digest('hex');
}

/** Whether `hash` signs `checkString` under `secretKey`; compared in constant time. */
export function hashMatches(secretKey: Buffer, checkString: string, hash: string): boolean {
  if (!HASH_PATTERN.test(hash)) return false;
  const expected = Buffer.from(signDataCheckString(secretKey, checkString), 'hex');
  return timingSafeEqual(expected, Buffer.from(hash, 'hex'));
}

/** Why a Telegram sign-in is refused; `malformed` and `bad_hash` are alike to the caller (invalid). */
export type SignInRefusal = 'malformed' | 'bad_hash' | 'expired' | 'future';

/** How far ahead of this clock a signed auth_date may be (clocks differ); further is refused. */
export const AUTH_DATE_CLOCK_SKEW_MS = 30_000;

/** auth_date (Unix seconds) checked against the allowed age: too old is expired, ahead of now is future. */
export function authDateRefusal(authDateS: number, nowMs: number, maxAgeMs: number): SignInRefusal | null {
  const authDateMs = authDateS * 1000;
  if (authDateMs > nowMs + AUTH_DATE_CLOCK_SKEW_MS) return 'future';
  if (nowMs - authDateMs > maxAgeMs) return 'expired';
  return null;
}
