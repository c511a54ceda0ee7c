import Database from 'better-sqlite3';
import type { QueryRunner } from 'typeorm';
import { ACCOUNTS_MIGRATIONS } from '../store/accounts.migrations';
import { WebhookDeliveriesStore } from './webhook-deliveries.store';

/** The accounts schema in a fresh in-memory SQLite, migrated as the service migrates its file. */
async function migratedDb(): Promise<Database.Database> {
  const db = new Database(':memory:');
  const runner = {
    query: (sql: string, parameters: unknown[] = []) => {
      const statement = db.prepare(sql);
      return Promise.resolve(statement.reader ? statement.all(...parameters) : statement.run(...parameters));
    },
  } as unknown as QueryRunner;
  for (const Migration of ACCOUNTS_MIGRATIONS) await new Migration().up(runner);
  return db;
}

describe('webhook deliveries store: due deliveries per community', () => {
  let db: Database.Database;
  let store: WebhookDeliveriesStore;
  const NOW = 1_000_000;

  const community = (id: string) =>
    db.prepare('INSERT INTO communities (id, title, created_at, updated_at) VALUES (?, ?, 0, 0)').run(id, id);
  const webhook = (id: string, communityId: string, status = 'active') =>
    db
      .prepare(
        `INSERT INTO webhooks (id, community_id, url, event_types, secret, status, created_at, created_by)
         VALUES (?, ?, 'https://hooks.example.test/in', '["tk.evt.*"]', 'whsec_x', ?, 0, 'test')`,
      )
      .run(id, communityId, status);
  let events = 0;
  const delivery = (webhookId: string, nextAttemptAt: number, status = 'pending') =>
    store.insert({
      webhookId,
      eventId: `e${(events += 1)}`,
      eventType: 'tk.evt.ledger.transfer.posted',
      body: '{}',
      status: status as 'pending',
      lastError: null,
      nextAttemptAt,
      createdAt: 0,
    });

  beforeAll(async () => {
    db = await migratedDb();
    store = new WebhookDeliveriesStore(db);
    for (const id of ['alpha', 'bravo', 'charlie', 'delta', 'echo']) community(id);
    webhook('w-alpha', 'alpha');
    webhook('w-bravo', 'bravo');
    webhook('w-charlie', 'charlie');
    webhook('w-delta', 'delta', 'disabled');
    webhook('w-echo', 'echo');
    for (let n = 0; n < 50; n += 1) delivery('w-alpha', NOW - 100 + n);
    delivery('w-bravo', NOW);
    delivery('w-charlie', NOW + 60_000); // not due yet
    delivery('w-delta', NOW - 500); // its webhook is disabled
    delivery('w-echo', NOW - 500, 'delivered');
  });

  afterAll(() => db.close());

  it('lists only communities with a due delivery of an active webhook', () => {
    expect(store.dueCommunities('', NOW, 10)).toEqual(['alpha', 'bravo']);
  });

  it('goes round from after the cursor, wrapping to the start, at most `limit`', () => {
    expect(store.dueCommunities('alpha', NOW, 10)).toEqual(['bravo', 'alpha']);
    expect(store.dueCommunities('bravo', NOW, 10)).toEqual(['alpha', 'bravo']);
    expect(store.dueCommunities('zulu', NOW, 10)).toEqual(['alpha', 'bravo']);
    expect(store.dueCommunities('alpha', NOW, 1)).toEqual(['bravo']);
  });

  it("reads one community's due deliveries oldest first, with the community named", () => {
    const due = store.dueOf('alpha', NOW, 3);
    expect(due.map((row) => row.eventId)).toEqual(['e1', 'e2', 'e3']);
    expect(due[0]).toMatchObject({ webhookId: 'w-alpha', communityId: 'alpha', url: expect.any(String) });
    expect(store.dueOf('charlie', NOW, 3)).toEqual([]);
    expect(store.dueOf('delta', NOW, 3)).toEqual([]);
  });
});
