import { Inject, Injectable } from '@nestjs/common';
import {
  ALL_EVENTS,
  DomainError,
  eventTypeMatches,
  INTEGRATION_LIMITS,
  PAGE_SIZE_DEFAULT,
  type Webhook,
} from '@ticketonomics/contracts';
import { decodeSeqCursor, encodeCursor } from '@ticketonomics/persistence';
import type { AccountsRequest, AccountsResponse } from '../accounts.commands';
import { USER_ID_FACTORY, WEBHOOK_SETTINGS } from '../accounts.tokens';
import type { WebhookSettings } from '../config/accounts.config';
import { requireActor, requireActorUser } from '../api-keys/actor.check';
import { AccountsEventsEmitter } from '../events/accounts-events.emitter';
import { AccountsPeers } from '../partitions/accounts-peers';
import { AccountsStores } from '../store/accounts.stores';
import { refusedHostReason } from './webhook-address.policy';
import { toDelivery } from './webhook-deliveries.store';
import { newWebhookSecret } from './webhook.signature';
import { toWebhook, type WebhookRow } from './webhooks.store';

/** Delivery ids are below this, so it starts a newest-first page. */
const PAGE_START = Number.MAX_SAFE_INTEGER;

/** The webhook commands. Deliveries themselves are WebhookDeliveries' (queue) and the worker's (HTTP). */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly stores: AccountsStores,
    private readonly events: AccountsEventsEmitter,
    @Inject(USER_ID_FACTORY) private readonly newId: () => string,
    @Inject(WEBHOOK_SETTINGS) private readonly settings: WebhookSettings,
    private readonly peers: AccountsPeers,
  ) {}

  async create(request: AccountsRequest<'webhookCreate'>): Promise<AccountsResponse<'webhookCreate'>> {
    requireKnownEventTypes(request.eventTypes);
    if (!this.settings.allowPrivateAddresses) requirePublicHost(request.url);
    this.stores.communities.require(request.communityId);
    await requireActorUser(this.peers, request.createdBy, 'createdBy');
    return this.stores.write(() => {
      const { webhooks } = this.stores;
      this.stores.communities.require(request.communityId);
      requireActor(this.stores, request.createdBy, 'createdBy', request.communityId);
      if (webhooks.count(request.communityId) >= INTEGRATION_LIMITS.webhooksMax) {
        throw new DomainError(
          'LIMIT_EXCEEDED',
          `communityId: ${request.communityId} has ${INTEGRATION_LIMITS.webhooksMax} webhooks; delete one first`,
          { field: 'communityId', limit: INTEGRATION_LIMITS.webhooksMax },
        );
      }
      const now = Date.now();
      const row: WebhookRow = {
        id: this.newId(),
        communityId: request.communityId,
        url: request.url,
        eventTypes: JSON.stringify(request.eventTypes),
        secret: newWebhookSecret(),
        secretFormat: 'standard',
        status: 'active',
        failureCount: 0,
        createdAt: now,
        activeSince: now,
        createdBy: request.createdBy,
        disabledAt: null,
        disabledReason: null,
      };
      webhooks.insert(row);
      const webhook = toWebhook(row);
      this.events.webhookCreated(webhook);
      return { webhook, secret: row.secret };
    });
  }

  list(communityId: string): AccountsResponse<'webhookList'> {
    this.stores.communities.require(communityId);
    return { items: this.stores.webhooks.ofCommunity(communityId).map(toWebhook) };
  }

  /** Turns a disabled webhook on again with a clean failure count; an active one is returned as is. */
  enable(communityId: string, webhookId: string): Webhook {
    return this.stores.write(() => {
      const existing = this.stores.webhooks.require(communityId, webhookId);
      if (existing.status === 'active') return toWebhook(existing);
      const row: WebhookRow = {
        ...existing,
        status: 'active',
        failureCount: 0,
        disabledAt: null,
        disabledReason: null,
        activeSince: Date.now(),
      };
      this.stores.webhooks.saveStatus(row);
      return toWebhook(row);
    });
  }

  delete(communityId: string, webhookId: string): Webhook {
    return this.stores.write(() => {
      const existing = this.stores.webhooks.require(communityId, webhookId);
      this.stores.webhooks.delete(webhookId);
      const webhook = toWebhook(existing);
      this.events.webhookDeleted(webhook);
      return webhook;
    });
  }

  deliveries(request: AccountsRequest<'webhookDeliveries'>): AccountsResponse<'webhookDeliveries'> {
    this.stores.webhooks.require(request.communityId, request.webhookId);
    const limit = request.limit ?? PAGE_SIZE_DEFAULT;
    const before = request.cursor === undefined ? PAGE_START : decodeSeqCursor(request.cursor);
    const rows = this.stores.deliveries.page(request.webhookId, request.status ?? null, before, limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toDelivery),
      nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last.id) : null,
    };
  }
}

/** Each type or prefix must name at least one event of the wire format, so a typo is not silently deaf. */
function requireKnownEventTypes(patterns: readonly string[]): void {
  patterns.forEach((pattern, index) => {
    if (!ALL_EVENTS.some((spec) => eventTypeMatches(pattern, spec.type))) {
      const field = `eventTypes.${index}`;
      throw new DomainError(
        'VALIDATION_FAILED',
        `${field}: ${pattern} names no event type; see the events in docs/asyncapi.yaml`,
        { field, issues: [{ field, message: 'names no event type' }] },
      );
    }
  });
}

/**
 * A URL whose host is a private IP literal or a local name is refused at once, so the admin learns it now
 * rather than from a failed delivery. Names are resolved and checked again at each delivery.
 */
function requirePublicHost(url: string): void {
  // The contract's schema has checked that it parses; URL.canParse keeps a bypass of it from throwing.
  const reason = URL.canParse(url) ? refusedHostReason(new URL(url).hostname) : 'it is not a URL';
  if (reason === null) return;
  const message = `must reach a public address: ${reason}`;
  throw new DomainError('VALIDATION_FAILED', `url: ${message}`, {
    field: 'url',
    issues: [{ field: 'url', message }],
  });
}
