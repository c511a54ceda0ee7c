import type { Database } from 'better-sqlite3';
import { SqliteWriter, type GroupCommitOptions } from '@ticketonomics/persistence';
import { OutboxStore } from '@ticketonomics/messaging';
import { ActivityStore } from '../activity/activity.store';
import { ApiKeysStore } from '../api-keys/api-keys.store';
import { CommunitiesStore } from '../communities/communities.store';
import { MembershipsStore } from '../memberships/memberships.store';
import { SettingsStore } from '../settings/settings.store';
import { WebhookDeliveriesStore } from '../webhooks/webhook-deliveries.store';
import { WebhooksStore } from '../webhooks/webhooks.store';

/**
 * A group is a burst of members' ensures and records. groupSizeMax bounds how long one commit holds the
 * event loop (a group of 100 ensures took 20 to 90 ms on a busy 2-core machine, so 500 is a few hundred
 * at worst). 10,000 waiting is twenty full groups: past that, callers are told to retry.
 */
export const ACCOUNTS_GROUP_COMMIT: GroupCommitOptions = { groupSizeMax: 500, queueLengthMax: 10_000 };

/**
 * A community partition's stores over its own file (`accounts-p003.sqlite`): communities, memberships,
 * settings, activity, API keys, webhooks and deliveries of the communities hashing to it, and its outbox.
 * Users are the global partition's (AccountsGlobalStores), reached over the bus (AccountsPeers).
 *
 * Writes run through write(): one synchronous IMMEDIATE transaction holding the change and its outbox
 * rows. Being synchronous, two writes can never interleave on the connection, which is what serializes
 * them (no await happens inside a transaction, so "cannot start a transaction within a transaction" cannot
 * occur). The hot paths (membership.ensure, activity.record) use writeGrouped(): one transaction and one
 * fsync for all the requests of an event-loop turn, a savepoint each.
 */
export class AccountsStores extends SqliteWriter {
  readonly communities: CommunitiesStore;
  readonly memberships: MembershipsStore;
  readonly settings: SettingsStore;
  readonly activity: ActivityStore;
  readonly apiKeys: ApiKeysStore;
  readonly webhooks: WebhooksStore;
  readonly deliveries: WebhookDeliveriesStore;
  readonly outbox: OutboxStore;

  /**
   * `assertWritable` runs first inside every transaction (write() and each group): the fence of the
   * partition, which throws once another replica became the writer, so nothing is written after.
   */
  constructor(
    db: Database,
    groupCommit: Partial<GroupCommitOptions> = ACCOUNTS_GROUP_COMMIT,
    assertWritable: () => void = () => undefined,
  ) {
    super(db, groupCommit, assertWritable);
    this.communities = new CommunitiesStore(db);
    this.memberships = new MembershipsStore(db);
    this.settings = new SettingsStore(db);
    this.activity = new ActivityStore(db);
    this.apiKeys = new ApiKeysStore(db);
    this.webhooks = new WebhooksStore(db);
    this.deliveries = new WebhookDeliveriesStore(db);
    this.outbox = new OutboxStore(db);
  }
}
