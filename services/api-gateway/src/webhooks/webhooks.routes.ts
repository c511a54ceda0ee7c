import {
  apiKeyActor,
  CursorSchema,
  DeliveryStatusSchema,
  PageSizeSchema,
  WebhookCommands,
  WebhookEventTypesSchema,
  WebhookIdSchema,
  WebhookUrlSchema,
} from '@ticketonomics/contracts';
import { z } from 'zod';
import { communityParams, defineRoute, intFromString, KEYED_ERRORS } from '../http/route';
import { EX } from '../openapi/example.ids';

const WebhookParams = communityParams({ webhookId: WebhookIdSchema });

export const WEBHOOK_ROUTES = [
  defineRoute({
    method: 'POST',
    path: '/v1/communities/:communityId/webhooks',
    operationId: 'createWebhook',
    tag: 'webhooks',
    scope: 'admin',
    summary:
      "Register a URL to receive the community's events of the listed types (or prefixes ending in *) as signed CloudEvent POSTs.",
    description:
      'The reply holds the HMAC-SHA256 signing secret once: store it then. Events from before the webhook are not sent.',
    params: communityParams(),
    body: z.strictObject({ url: WebhookUrlSchema, eventTypes: WebhookEventTypesSchema }),
    status: 201,
    response: WebhookCommands.webhookCreate.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE'],
    examples: {
      ok: {
        body: {
          url: 'https://hooks.demo-town.example/ticketonomics',
          eventTypes: ['tk.evt.ledger.transfer.*', 'tk.evt.artifacts.listing.sold'],
        },
      },
      VALIDATION_FAILED: {
        body: {
          url: 'http://hooks.demo-town.example/ticketonomics',
          eventTypes: ['tk.evt.ledger.transfer.*'],
        },
      },
    },
    handle: ({ params, body, key, commands }) =>
      commands.request(WebhookCommands.webhookCreate, {
        communityId: params.communityId,
        url: body.url,
        eventTypes: body.eventTypes,
        // Recorded as apikey:<keyId>; accounts checks that the key is active and of this community.
        createdBy: apiKeyActor(key.keyId),
      }),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/communities/:communityId/webhooks',
    operationId: 'listWebhooks',
    tag: 'webhooks',
    scope: 'admin',
    summary: "The community's webhooks (active and disabled), oldest first; never their secrets.",
    params: communityParams(),
    response: WebhookCommands.webhookList.response,
    errors: KEYED_ERRORS,
    examples: { ok: {} },
    handle: ({ params, commands }) =>
      commands.request(WebhookCommands.webhookList, { communityId: params.communityId }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/v1/communities/:communityId/webhooks/:webhookId',
    operationId: 'deleteWebhook',
    tag: 'webhooks',
    scope: 'admin',
    summary: 'Delete a webhook with its delivery log; pending deliveries are not sent.',
    params: WebhookParams,
    response: WebhookCommands.webhookDelete.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED', 'NOT_FOUND'],
    examples: {
      ok: { params: { webhookId: EX.webhookToDelete } },
      NOT_FOUND: { params: { webhookId: EX.stranger } },
      VALIDATION_FAILED: { params: { webhookId: 'hook-1' } },
    },
    handle: ({ params, commands }) => commands.request(WebhookCommands.webhookDelete, params),
  }),
  defineRoute({
    method: 'POST',
    path: '/v1/communities/:communityId/webhooks/:webhookId/enable',
    operationId: 'enableWebhook',
    tag: 'webhooks',
    scope: 'admin',
    summary: 'Re-enable a webhook disabled after repeated failures, once its receiver is fixed. Idempotent.',
    params: WebhookParams,
    response: WebhookCommands.webhookEnable.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED', 'NOT_FOUND'],
    examples: {
      ok: { params: { webhookId: EX.webhook } },
      NOT_FOUND: { params: { webhookId: EX.stranger } },
      VALIDATION_FAILED: { params: { webhookId: 'hook-1' } },
    },
    handle: ({ params, commands }) => commands.request(WebhookCommands.webhookEnable, params),
  }),
  defineRoute({
    method: 'GET',
    path: '/v1/communities/:communityId/webhooks/:webhookId/deliveries',
    operationId: 'listWebhookDeliveries',
    tag: 'webhooks',
    scope: 'admin',
    summary:
      "A webhook's delivery log, newest first: each event's attempts, status and last HTTP status or error.",
    params: WebhookParams,
    query: z.strictObject({
      status: DeliveryStatusSchema.optional(),
      cursor: CursorSchema.optional(),
      limit: intFromString(PageSizeSchema).optional(),
    }),
    response: WebhookCommands.webhookDeliveries.response,
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED', 'NOT_FOUND'],
    examples: {
      ok: { params: { webhookId: EX.webhook }, query: { limit: '5' } },
      NOT_FOUND: { params: { webhookId: EX.stranger } },
      VALIDATION_FAILED: { params: { webhookId: EX.webhook }, query: { status: 'lost' } },
    },
    handle: ({ params, query, commands }) =>
      commands.request(WebhookCommands.webhookDeliveries, { ...params, ...query }),
  }),
];
