import { z } from 'zod';
import {
  authDateRefusal,
  dataCheckString,
  hashMatches,
  webAppSecretKey,
  type SignInRefusal,
} from './telegram-signature';

/** The part of initData's `user` field the wallet uses (Telegram sends more, which is kept out). */
const InitDataUserSchema = z.looseObject({
  id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  first_name: z.string().optional(),
  username: z.string().optional(),
  language_code: z.string().optional(),
});

/** A verified initData: who signed in, when, and the start_param of the link that opened the app. */
export interface VerifiedInitData {
  telegramUserId: string;
  languageCode: string | null;
  authDateS: number;
  startParam: string | null;
  /** initData's hash: what identifies this sign-in, for accepting it once. */
  hash: string;
}

export type InitDataCheck = { ok: true; value: VerifiedInitData } | { ok: false; refusal: SignInRefusal };

export interface SignInCheckOptions {
  botToken: string;
  maxAgeMs: number;
  nowMs: number;
}

/**
 * Verify a Mini App's initData as Telegram specifies (core.telegram.org/bots/webapps, "Validating data
 * received via the Mini App"): secret_key = HMAC_SHA256("WebAppData" as key, bot token); hash = hex
 * HMAC_SHA256(secret_key, data-check-string). The signature is checked before anything is read from the
 * fields; a repeated field is malformed (its value would be ambiguous). Pure: the clock is an argument.
 */
export function verifyInitData(initData: string, options: SignInCheckOptions): InitDataCheck {
  const fields = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(initData)) {
    if (fields.has(key)) return { ok: false, refusal: 'malformed' };
    fields.set(key, value);
  }
  const hash = fields.get('hash');
  const authDate = fields.get('auth_date');
  if (hash === undefined || authDate === undefined || !/^[0-9]{1,12}$/.test(authDate)) {
    return { ok: false, refusal: 'malformed' };
  }
  if (!hashMatches(webAppSecretKey(options.botToken), dataCheckString(fields), hash)) {
    return { ok: false, refusal: 'bad_hash' };
  }
  const authDateS = Number(authDate);
  const dateRefusal = authDateRefusal(authDateS, options.nowMs, options.maxAgeMs);
  if (dateRefusal !== null) return { ok: false, refusal: dateRefusal };
  let user;
  try {
    user = InitDataUserSchema.safeParse(JSON.parse(fields.get('user') ?? 'null'));
  } catch {
    return { ok: false, refusal: 'malformed' };
  }
  if (!user.success) return { ok: false, refusal: 'malformed' };
  return {
    ok: true,
    value: {
      telegramUserId: String(user.data.id),
      languageCode: user.data.language_code ?? null,
      authDateS,
      startParam: fields.get('start_param') ?? null,
      hash,
    },
  };
}
