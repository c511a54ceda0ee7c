import { defineEvent, type EventSpec } from '../command';
import { INTEGRATION_EXAMPLES } from './api-keys.commands';
import { ApiKeySchema, WebhookSchema, type ApiKey, type Webhook } from './integrations.schemas';

const EX = INTEGRATION_EXAMPLES;
const time = '2026-11-28T12:20:00.000Z';

const exampleKey: ApiKey = {
  id: EX.keyId,
  communityId: EX.community,
  name: 'Minecraft server',
  scopes: ['read', 'reward'],
  prefix: `tk_${EX.keyId}_q3Jm`,
  rateLimitPerMinute: 600,
  createdAt: time,
  createdBy: EX.aliceId,
  revokedAt: null,
  revokedBy: null,
  lastUsedAt: null,
};

const exampleWebhook: Webhook = {
  id: EX.webhookId,
  communityId: EX.community,
  url: 'https://game.example.com/ticketonomics/events',
  eventTypes: ['tk.evt.ledger.transfer.*', 'tk.evt.accounts.membership.joined'],
  status: 'active',
  failureCount: 0,
  createdAt: time,
  createdBy: EX.aliceId,
  disabledAt: null,
  disabledReason: null,
};

const NOTE =
  'communityid is the community id; subject is the key or webhook id. Never holds a secret or its hash.';

/** API key and webhook events: gateways drop cached key checks on apikey.revoked at once. */
export const IntegrationEvents = {
  apiKeyCreated: defineEvent({
    type: 'tk.evt.accounts.apikey.created',
    summary: `An API key was created (its secret is in no event). ${NOTE}`,
    data: ApiKeySchema,
    example: exampleKey,
  }),
  apiKeyRevoked: defineEvent({
    type: 'tk.evt.accounts.apikey.revoked',
    summary: `An API key was revoked: gateways must refuse it from now on and drop any cached check of it. ${NOTE}`,
    data: ApiKeySchema,
    example: { ...exampleKey, revokedAt: '2026-11-28T13:00:00.000Z', revokedBy: EX.aliceId },
  }),
  webhookCreated: defineEvent({
    type: 'tk.evt.accounts.webhook.created',
    summary: `A webhook was registered (its signing secret is in no event). ${NOTE}`,
    data: WebhookSchema,
    example: exampleWebhook,
  }),
  webhookDisabled: defineEvent({
    type: 'tk.evt.accounts.webhook.disabled',
    summary: `A webhook was disabled after deliveries failed repeatedly; its pending deliveries were marked failed. webhook.enable turns it on again. ${NOTE}`,
    data: WebhookSchema,
    example: {
      ...exampleWebhook,
      status: 'disabled',
      failureCount: 5,
      disabledAt: '2026-11-28T18:00:00.000Z',
      disabledReason: '5 deliveries in a row failed; last: HTTP 503',
    },
  }),
  webhookDeleted: defineEvent({
    type: 'tk.evt.accounts.webhook.deleted',
    summary: `A webhook was deleted with its delivery log; the data is the webhook as it was. ${NOTE}`,
    data: WebhookSchema,
    example: exampleWebhook,
  }),
};

/** CloudEvent subject and communityid of an integration event: the key or webhook, in its community. */
export function integrationEventAddress(
  spec: EventSpec,
  data: unknown,
): { subject: string; communityId: string } | null {
  if (!Object.values(IntegrationEvents).some((known) => known.type === spec.type)) return null;
  const { id, communityId } = data as ApiKey | Webhook;
  return { subject: id, communityId };
}
