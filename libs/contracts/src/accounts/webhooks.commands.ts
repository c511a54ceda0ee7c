import { z } from 'zod';
import { defineCommand } from '../command';
import { CommunityIdSchema, CursorSchema, PageSizeSchema } from '../primitives';
import { INTEGRATION_EXAMPLES } from './api-keys.commands';
import {
  ActorSchema,
  DeliveryStatusSchema,
  INTEGRATION_LIMITS,
  IntegrationPageSchema,
  WebhookDeliverySchema,
  WebhookEventTypesSchema,
  WebhookIdSchema,
  WebhookSchema,
  WebhookUrlSchema,
} from './integrations.schemas';

const EX = INTEGRATION_EXAMPLES;

const WebhookRefSchema = z.strictObject({ communityId: CommunityIdSchema, webhookId: WebhookIdSchema });

export const WebhookCreatedSchema = z.strictObject({
  webhook: WebhookSchema,
  /**
   * The signing secret, shown only in this reply: a Standard Webhooks secret, `whsec_` + base64 of 32 random
   * bytes (the HMAC-SHA256 key is the decoded bytes), to give as is to any Standard Webhooks library, which
   * checks the `webhook-id`, `webhook-timestamp` and `webhook-signature` headers of each delivery. The
   * service keeps it as is, since it must sign every delivery with it.
   */
  secret: z.string(),
});

export const WebhookCommands = {
  webhookCreate: defineCommand({
    subject: 'tk.cmd.accounts.webhook.create',
    summary: `Register a URL to receive a community's events of the listed types (or type prefixes ending in *), as signed CloudEvent POSTs. The reply holds the signing secret, once. At most ${INTEGRATION_LIMITS.webhooksMax} webhooks per community; events that happened before the webhook was created are not sent.`,
    request: z.strictObject({
      communityId: CommunityIdSchema,
      url: WebhookUrlSchema,
      eventTypes: WebhookEventTypesSchema,
      createdBy: ActorSchema,
    }),
    response: WebhookCreatedSchema,
    example: {
      communityId: EX.community,
      url: 'https://game.example.com/ticketonomics/events',
      eventTypes: ['tk.evt.ledger.transfer.*', 'tk.evt.accounts.membership.joined'],
      createdBy: EX.aliceId,
    },
  }),
  webhookList: defineCommand({
    subject: 'tk.cmd.accounts.webhook.list',
    summary: "List a community's webhooks (active and disabled), oldest first; never their secrets.",
    request: z.strictObject({ communityId: CommunityIdSchema }),
    response: z.strictObject({ items: z.array(WebhookSchema) }),
    example: { communityId: EX.community },
  }),
  webhookDeliveries: defineCommand({
    subject: 'tk.cmd.accounts.webhook.deliveries',
    summary:
      "A webhook's delivery log, newest first, a page at a time: each event's attempts, status, last HTTP status or error and next attempt. Kept for a bounded time and count.",
    request: z.strictObject({
      communityId: CommunityIdSchema,
      webhookId: WebhookIdSchema,
      status: DeliveryStatusSchema.optional(),
      cursor: CursorSchema.optional(),
      limit: PageSizeSchema.optional(),
    }),
    response: IntegrationPageSchema(WebhookDeliverySchema),
    example: { communityId: EX.community, webhookId: EX.webhookId, limit: 20 },
  }),
  webhookEnable: defineCommand({
    subject: 'tk.cmd.accounts.webhook.enable',
    summary:
      'Re-enable a webhook disabled after repeated failures, once its receiver is fixed; its failure count starts again at 0. Events from while it was disabled are not sent. Idempotent.',
    request: WebhookRefSchema,
    response: WebhookSchema,
    example: { communityId: EX.community, webhookId: EX.webhookId },
  }),
  webhookDelete: defineCommand({
    subject: 'tk.cmd.accounts.webhook.delete',
    summary:
      'Delete a webhook with its delivery log; pending deliveries are not sent. Publishes webhook.deleted. NOT_FOUND once deleted.',
    request: WebhookRefSchema,
    response: WebhookSchema,
    example: { communityId: EX.community, webhookId: EX.webhookId },
  }),
};
