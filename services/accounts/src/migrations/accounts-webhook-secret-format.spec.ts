import Database from 'better-sqlite3';
import type { QueryRunner } from 'typeorm';
import { AccountsWebhookSecretFormat1765100000000 } from './1765100000000-accounts-webhook-secret-format';

describe('migration: webhook secret formats', () => {
  it('marks every existing webhook legacy, so its receivers keep verifying with the key they have', async () => {
    const db = new Database(':memory:');
    db.exec(`CREATE TABLE webhooks (id TEXT PRIMARY KEY, secret TEXT NOT NULL)`);
    db.prepare(
      `INSERT INTO webhooks VALUES ('w1', 'whsec_Xk3-oDq_9rZ8b1sW0yQvT2uH5nJcL7aE4fG6iK8mPdR')`,
    ).run();
    const runner = {
      query: (sql: string) => Promise.resolve(db.prepare(sql).run()),
    } as unknown as QueryRunner;

    await new AccountsWebhookSecretFormat1765100000000().up(runner);

    expect(db.prepare(`SELECT id, secret_format AS format FROM webhooks`).all()).toEqual([
      { id: 'w1', format: 'legacy' },
    ]);
    db.prepare(`INSERT INTO webhooks (id, secret, secret_format) VALUES ('w2', 'whsec_x', 'standard')`).run();
    expect(() =>
      db.prepare(`INSERT INTO webhooks (id, secret, secret_format) VALUES ('w3', 'whsec_y', 'other')`).run(),
    ).toThrow(/CHECK constraint failed/);
    db.close();
  });
});
