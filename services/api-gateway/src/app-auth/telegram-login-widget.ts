import {
  authDateRefusal,
  dataCheckString,
  hashMatches,
  loginWidgetSecretKey,
  type SignInRefusal,
} from './telegram-signature';
import type { SignInCheckOptions } from './telegram-init-data';

/** The Login Widget's signed fields (anything else the page adds, such as communityId, is not signed). */
const SIGNED_FIELDS = ['id', 'first_name', 'last_name', 'username', 'photo_url', 'auth_date'] as const;

export interface LoginWidgetPayload {
  id: number;
  first_name: string;
  last_name?: string | undefined;
  username?: string | undefined;
  photo_url?: string | undefined;
  auth_date: number;
  hash: string;
}

export type LoginWidgetCheck =
  | { ok: true; value: { telegramUserId: string; authDateS: number; hash: string } }
  | { ok: false; refusal: SignInRefusal };

/**
 * Verify the Telegram Login Widget's payload (core.telegram.org/widgets/login, "Checking authorization"):
 * secret_key = SHA256(bot token); hash = hex HMAC_SHA256(secret_key, data-check-string of the received
 * fields). Pure: the clock is an argument.
 */
export function verifyLoginWidget(
  payload: LoginWidgetPayload,
  options: SignInCheckOptions,
): LoginWidgetCheck {
  const fields = new Map<string, string>();
  for (const name of SIGNED_FIELDS) {
    const value = payload[name];
    if (value !== undefined) fields.set(name, String(value));
  }
  if (!hashMatches(loginWidgetSecretKey(options.botToken), dataCheckString(fields), payload.hash)) {
    return { ok: false, refusal: 'bad_hash' };
  }
  const dateRefusal = authDateRefusal(payload.auth_date, options.nowMs, options.maxAgeMs);
  if (dateRefusal !== null) return { ok: false, refusal: dateRefusal };
  return {
    ok: true,
    value: { telegramUserId: String(payload.id), authDateS: payload.auth_date, hash: payload.hash },
  };
}
