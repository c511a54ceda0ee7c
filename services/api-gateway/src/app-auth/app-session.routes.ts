import { z } from 'zod';
import { defineRoute } from '../http/route';
import { EX } from '../openapi/example.ids';
import { memberOf } from '../wallet/member.delegate';
import {
  AppSessionSchema,
  LoginWidgetSignInBodySchema,
  RefreshSessionBodySchema,
  WebAppSignInBodySchema,
} from './app-session.schemas';

/** What a sign-in can answer: a refused or replayed sign-in, too many from one address, sign-in off. */
const SIGN_IN_ERRORS = [
  'VALIDATION_FAILED',
  'PAYLOAD_TOO_LARGE',
  'UNAUTHENTICATED',
  'NOT_FOUND',
  'RATE_LIMITED',
  'UNAVAILABLE',
] as const;

const SIGN_IN_DESCRIPTION =
  'Refused with 401 UNAUTHENTICATED when the signature does not match the bot token (details.reason invalid), auth_date is older than the gateway allows (APP_AUTH_MAX_AGE_MS; reason expired) or in the future (reason invalid), or the same sign-in was exchanged before (reason replayed: each is accepted once). A Telegram user the bot has never seen is 404 NOT_FOUND (they write in their group first). 503 UNAVAILABLE (details.state not_configured) when the gateway has no TELEGRAM_BOT_TOKEN. The answer lists the named community (communityId, else start_param) when the member belongs to it.';

/** Bob's Login Widget payload in the examples, but its hash. */
const BOB_WIDGET = { id: EX.bobTelegramId, first_name: 'Bob', username: 'bobkeller', auth_date: EX.authDate };

/**
 * The wallet's sign-in: a Telegram sign-in (the Mini App's initData, or the Login Widget's payload in a
 * plain browser) exchanged for a short-lived session token, and that token renewed while the wallet is open.
 */
export const APP_SESSION_ROUTES = [
  defineRoute({
    method: 'POST',
    path: '/v1/app/sessions/telegram-webapp',
    operationId: 'signInWebApp',
    tag: 'wallet',
    scope: null,
    auth: 'sign-in',
    summary: "Sign in to the wallet with the Mini App's initData (Telegram.WebApp.initData, untouched).",
    description: SIGN_IN_DESCRIPTION,
    params: z.strictObject({}),
    body: WebAppSignInBodySchema,
    status: 201,
    response: AppSessionSchema,
    errors: SIGN_IN_ERRORS,
    examples: {
      ok: { body: { initData: EX.initData } },
      VALIDATION_FAILED: { body: { initData: '' } },
      UNAUTHENTICATED: { body: { initData: 'user=%7B%22id%22%3A1%7D&auth_date=1796380000&hash=00' } },
      NOT_FOUND: { body: { initData: EX.strangerInitData } },
    },
    handle: ({ body, sessions }) => sessions.signInWebApp(body),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/app/sessions/telegram-login',
    operationId: 'signInLoginWidget',
    tag: 'wallet',
    scope: null,
    auth: 'sign-in',
    summary:
      "Sign in to the wallet in a browser with the Telegram Login Widget's payload (as the widget gave it).",
    description: SIGN_IN_DESCRIPTION,
    params: z.strictObject({}),
    body: LoginWidgetSignInBodySchema,
    status: 201,
    response: AppSessionSchema,
    errors: SIGN_IN_ERRORS,
    examples: {
      ok: { body: { ...BOB_WIDGET, hash: EX.loginHash, communityId: EX.community } },
      VALIDATION_FAILED: { body: { ...BOB_WIDGET, hash: 'abc' } },
      UNAUTHENTICATED: { body: { ...BOB_WIDGET, hash: 'f'.repeat(64) } },
      NOT_FOUND: {
        body: {
          id: EX.strangerTelegramId,
          first_name: 'Zed',
          auth_date: EX.authDate,
          hash: EX.strangerLoginHash,
        },
      },
    },
    handle: ({ body, sessions }) => sessions.signInLoginWidget(body),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/app/sessions/refresh',
    operationId: 'refreshSession',
    tag: 'wallet',
    scope: null,
    auth: 'session',
    summary:
      'A fresh token for the signed-in member (same session), until the sign-in reaches sessionExpiresAt.',
    description:
      'Send it before expiresAt; an expired token is 401 (sign in again). communityId, when given, is listed in the answer if the member belongs to it.',
    params: z.strictObject({}),
    body: RefreshSessionBodySchema,
    status: 201,
    response: AppSessionSchema,
    errors: ['UNAUTHENTICATED', 'RATE_LIMITED', 'UNAVAILABLE', 'VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE'],
    examples: {
      ok: { body: { communityId: EX.community } },
      VALIDATION_FAILED: { body: { communityId: 'Demo Town' } },
    },
    handle: ({ body, sessions, ...context }) => sessions.refresh(memberOf(context), body.communityId),
  }),
];
