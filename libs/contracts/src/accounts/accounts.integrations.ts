import { ApiKeyCommands } from './api-keys.commands';
import { WebhookCommands } from './webhooks.commands';

/** The accounts service's commands for integrations: API keys and webhooks. */
export const AccountsIntegrationCommands = { ...ApiKeyCommands, ...WebhookCommands };

/**
 * The integrations walkthrough, run after the accounts walkthrough (its community and alice exist). The
 * service makes key and webhook ids and the key itself, so each step after a create takes them from the
 * create's reply in place of the example's (keyId, key, webhookId).
 */
export const ACCOUNTS_INTEGRATIONS_EXAMPLE_ORDER: (keyof typeof AccountsIntegrationCommands)[] = [
  'apiKeyCreate',
  'apiKeyList',
  'apiKeyVerify',
  'apiKeyRevoke',
  'webhookCreate',
  'webhookList',
  'webhookDeliveries',
  'webhookEnable',
  'webhookDelete',
];
