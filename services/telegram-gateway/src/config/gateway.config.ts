import { BaseEnvSchema, PortSchema, TelegramBotTokenSchema } from '@ticketonomics/runtime';
import { createHmac } from 'node:crypto';
import { z } from 'zod';

/** docker-compose passes `VAR: ${VAR:-}` as an empty string: that means "not set", not "set to nothing". */
const unsetIfEmpty = <S extends z.ZodType>(schema: S) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema);

const perMinute = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a whole number of commands per minute' })
    .int({ error: 'must be a whole number of commands per minute' })
    .min(1, { error: 'must be at least 1' })
    .max(100_000, { error: 'must be at most 100000' })
    .default(fallback);

export const GatewayConfigSchema = BaseEnvSchema.extend({
  HTTP_PORT: PortSchema.default(3005),
  /** From @BotFather: "<bot id>:<secret>". */
  TELEGRAM_BOT_TOKEN: unsetIfEmpty(
    z
      .string({ error: 'is required: create a bot with @BotFather and set the token it gives you' })
      .pipe(TelegramBotTokenSchema),
  ),
  /** Another Bot API server (a local one, or the emulator in tests); Telegram's by default. */
  TELEGRAM_API_ROOT: unsetIfEmpty(
    z.url({ error: 'must be an http(s) URL such as http://127.0.0.1:8081' }).optional(),
  ),
  /** Webhook mode when set (the public https URL Telegram posts updates to); long polling otherwise. */
  TELEGRAM_WEBHOOK_URL: unsetIfEmpty(
    z
      .url({ error: 'must be an https URL such as https://bot.example.com/telegram' })
      .refine(isHttpsOrLoopbackHttp, {
        error: 'must be an https URL such as https://bot.example.com/telegram (http only on 127.0.0.1)',
      })
      .optional(),
  ),
  /**
   * The wallet Mini App's public https URL (the api-gateway's /app page, e.g. https://tickets.example.com/app),
   * as registered with @BotFather. Set: the bot's menu button in private chats opens it, and /start and /balance
   * replies carry an "Open wallet" button. Unset: the bot shows no wallet at all. Telegram opens Mini Apps over
   * https only.
   */
  TELEGRAM_WALLET_URL: unsetIfEmpty(
    z
      .url({ protocol: /^https$/, error: 'must be an https URL such as https://tickets.example.com/app' })
      .optional(),
  ),
  /**
   * The Mini App's short name given to @BotFather (/newapp). Set: a group's "Open wallet" button is the link
   * t.me/<bot>/<short name>?startapp=<community>, which opens the wallet inside Telegram (a group may not carry
   * Mini App buttons); unset: it is a plain link to TELEGRAM_WALLET_URL, opened in a browser (Login Widget).
   */
  TELEGRAM_WALLET_SHORT_NAME: unsetIfEmpty(
    z
      .string()
      .regex(/^[A-Za-z0-9_]{3,30}$/, {
        error: 'must be the 3-30 letters, digits or _ given to @BotFather /newapp',
      })
      .optional(),
  ),
  /** Payments above this many tickets ask the payer to confirm with a button first. */
  TELEGRAM_PAY_CONFIRM_ABOVE: z.coerce
    .number({ error: 'must be a whole number of tickets' })
    .int({ error: 'must be a whole number of tickets' })
    .min(1)
    .default(1_000),
  /** Commands and button presses the bot takes from one chat per minute; more are skipped with one notice. */
  TELEGRAM_INBOUND_CHAT_PER_MINUTE: perMinute(30),
  /** Commands and button presses the bot takes from one sender per minute (in all chats together). */
  TELEGRAM_INBOUND_USER_PER_MINUTE: perMinute(15),
  /**
   * Replies waiting for one chat past which new ones are dropped (logged): Telegram lets a bot send 20 messages
   * a minute into a group, so a longer backlog would only answer stale commands.
   */
  TELEGRAM_OUTGOING_CHAT_QUEUE_MAX: z.coerce
    .number({ error: 'must be a whole number of messages' })
    .int({ error: 'must be a whole number of messages' })
    .min(1, { error: 'must be at least 1' })
    .max(10_000, { error: 'must be at most 10000' })
    .default(50),
  /**
   * Long polling: how long the lease of the one replica that polls lives without renewal. Another replica
   * polls within 1.25 times this after the poller died; a poller that cannot renew stops after half of it.
   */
  TELEGRAM_POLLER_LEASE_TTL_MS: z.coerce
    .number({ error: 'must be a whole number of milliseconds' })
    .int({ error: 'must be a whole number of milliseconds' })
    .min(2_000, { error: 'must be at least 2000' })
    .max(600_000, { error: 'must be at most 600000' })
    .default(10_000),
  /** Port the webhook server listens on, behind the proxy that terminates TLS for TELEGRAM_WEBHOOK_URL. */
  TELEGRAM_WEBHOOK_PORT: PortSchema.default(8443),
  /**
   * Checked on every webhook call (Telegram sends it back as X-Telegram-Bot-Api-Secret-Token); derived from the
   * token when unset (see webhookSecretTokenOf).
   */
  TELEGRAM_WEBHOOK_SECRET: unsetIfEmpty(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, { error: 'must be 1-256 characters of A-Z, a-z, 0-9, _ or -' })
      .optional(),
  ),
});

export type GatewayConfig = z.output<typeof GatewayConfigSchema>;

/**
 * Telegram refuses plain http webhooks, so http here is a mistake, except on a loopback host: a local Bot API
 * server or the tests' emulator posts there without TLS, and nothing leaves the machine.
 */
function isHttpsOrLoopbackHttp(value: string): boolean {
  // zod runs this check on a malformed URL too; z.url() has reported that one already.
  if (!URL.canParse(value)) return true;
  const url = new URL(value);
  if (url.protocol === 'https:') return true;
  const loopback =
    url.hostname === 'localhost' || url.hostname === '[::1]' || /^127(\.\d+){3}$/.test(url.hostname);
  return url.protocol === 'http:' && loopback;
}

/**
 * The secret the webhook checks. Without TELEGRAM_WEBHOOK_SECRET it is derived from the bot token, so the webhook
 * is never open to forged updates, and every replica (same token) registers and checks the same secret.
 */
export function webhookSecretTokenOf(config: GatewayConfig): string {
  return (
    config.TELEGRAM_WEBHOOK_SECRET ??
    createHmac('sha256', config.TELEGRAM_BOT_TOKEN).update('telegram-webhook-secret').digest('hex')
  );
}
