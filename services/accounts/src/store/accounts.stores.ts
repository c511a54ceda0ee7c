import type { Database } from 'better-sqlite3';
import { SqliteWriter } from '@ticketonomics/persistence';
import { OutboxStore } from '@ticketonomics/messaging';
import { ActivityStore } from '../activity/activity.store';
import { ApiKeysStore } from '../api-keys/api-keys.store';
import { CommunitiesStore } from '../communities/communities.store';
import { LinkCodesStore } from '../link-codes/link-codes.store';
import { MembershipsStore } from '../memberships/memberships.store';
import { SettingsStore } from '../settings/settings.store';
import { UsersStore } from '../users/users.store';
import { WebhookDeliveriesStore } from '../webhooks/webhook-deliveries.store';
import { WebhooksStore } from '../webhooks/webhooks.store';

/**
 * Every synchronous store over the service's one SQLite connection. Writes run through write(): one
 * synchronous IMMEDIATE transaction holding the change and its outbox rows. Being synchronous, two
 * writes can never interleave on the connection, which is what serializes them (no await happens
 * inside a transaction, so "cannot start a transaction within a transaction" cannot occur).
 */
export class AccountsStores extends SqliteWriter {
  readonly users: UsersStore;
  readonly communities: CommunitiesStore;
  readonly memberships: MembershipsStore;
  readonly settings: SettingsStore;
  readonly activity: ActivityStore;
  readonly apiKeys: ApiKeysStore;
  readonly linkCodes: LinkCodesStore;
  readonly webhooks: WebhooksStore;
  readonly deliveries: WebhookDeliveriesStore;
  readonly outbox: OutboxStore;

  constructor(db: Database) {
    super(db);
    this.users = new UsersStore(db);
    this.communities = new CommunitiesStore(db);
    this.memberships = new MembershipsStore(db);
    this.settings = new SettingsStore(db);
    this.activity = new ActivityStore(db);
    this.apiKeys = new ApiKeysStore(db);
    this.linkCodes = new LinkCodesStore(db);
    this.webhooks = new WebhooksStore(db);
    this.deliveries = new WebhookDeliveriesStore(db);
    this.outbox = new OutboxStore(db);
  }
}
