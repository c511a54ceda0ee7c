import type { Database } from 'better-sqlite3';
import { SqliteWriter, type GroupCommitOptions } from '@ticketonomics/persistence';
import { OutboxStore } from '@ticketonomics/messaging';
import { LinkCodesStore } from '../link-codes/link-codes.store';
import { UsersStore } from '../users/users.store';
import { ACCOUNTS_GROUP_COMMIT } from './accounts.stores';

/**
 * The global partition's stores over `accounts.sqlite`: users, their identities (a game's identity names
 * its community, kept here all the same: a user is one user across communities), link codes and the wrong
 * codes counted per community, and the partition's outbox. user.upsert is grouped: every community
 * partition's membership.ensure of a new member asks for it.
 */
export class AccountsGlobalStores extends SqliteWriter {
  readonly users: UsersStore;
  readonly linkCodes: LinkCodesStore;
  readonly outbox: OutboxStore;

  constructor(
    db: Database,
    groupCommit: Partial<GroupCommitOptions> = ACCOUNTS_GROUP_COMMIT,
    assertWritable: () => void = () => undefined,
  ) {
    super(db, groupCommit, assertWritable);
    this.users = new UsersStore(db);
    this.linkCodes = new LinkCodesStore(db);
    this.outbox = new OutboxStore(db);
  }
}
