import { badRequest, conflict } from './bot-api.errors';
import type { MethodHandler } from './bot-api.methods';
import {
  optionalBoolean,
  optionalInteger,
  optionalJson,
  optionalString,
  type RawParams,
} from './bot-api.params';
import type { WebhookRegistration } from './telegram-emulator.types';

/** Telegram's bounds for max_connections, and its default. */
const MAX_CONNECTIONS_MIN = 1;
const MAX_CONNECTIONS_MAX = 100;
const MAX_CONNECTIONS_DEFAULT = 40;

/** setWebhook, deleteWebhook and getWebhookInfo, with the pushing itself in WebhookPusher. */
export const WEBHOOK_METHODS: Record<string, MethodHandler> = {
  setWebhook: ({ params, updates, webhook }) => {
    const url = optionalString(params, 'url') ?? '';
    // An empty url removes the webhook, as deleteWebhook does.
    const registration = url === '' ? undefined : registrationFrom(url, params);
    const allowedUpdates = optionalJson<string[]>(params, 'allowed_updates');
    if (allowedUpdates !== undefined) {
      if (!Array.isArray(allowedUpdates)) throw badRequest("can't parse allowed_updates JSON array");
      updates.setAllowedUpdates(allowedUpdates);
    }
    if (optionalBoolean(params, 'drop_pending_updates') === true) updates.dropPending();
    if (registration === undefined) {
      webhook.delete();
      return true;
    }
    // A long poll held when the webhook is set ends the way Telegram ends it.
    updates.terminateHeld(conflict('terminated by setWebhook request'));
    webhook.set(registration);
    return true;
  },

  deleteWebhook: ({ params, updates, webhook }) => {
    webhook.delete();
    if (optionalBoolean(params, 'drop_pending_updates') === true) updates.dropPending();
    return true;
  },

  getWebhookInfo: ({ webhook }) => webhook.info(),
};

function registrationFrom(url: string, params: RawParams): WebhookRegistration {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badRequest('bad webhook: Failed to resolve host: Name or service not known');
  }
  // Telegram accepts https only; the emulator takes http too, because test receivers run without TLS.
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
  }
  const registration: WebhookRegistration = {
    url,
    maxConnections: Math.min(
      Math.max(optionalInteger(params, 'max_connections') ?? MAX_CONNECTIONS_DEFAULT, MAX_CONNECTIONS_MIN),
      MAX_CONNECTIONS_MAX,
    ),
  };
  const secretToken = optionalString(params, 'secret_token');
  if (secretToken !== undefined && secretToken !== '') {
    if (!/^[A-Za-z0-9_-]{1,256}$/.test(secretToken)) {
      throw badRequest('secret token contains unallowed characters');
    }
    registration.secretToken = secretToken;
  }
  return registration;
}
