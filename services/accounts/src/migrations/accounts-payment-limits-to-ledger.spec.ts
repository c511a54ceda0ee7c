import Database from 'better-sqlite3';
import type { QueryRunner } from 'typeorm';
import { AccountsPaymentLimitsToLedger1764600000000 } from './1764600000000-accounts-payment-limits-to-ledger';

describe('migration: payment limits leave the reward settings', () => {
  it('drops paymentMin and the daily caps from stored settings and keeps everything else', async () => {
    const db = new Database(':memory:');
    db.exec(`CREATE TABLE community_settings (
      community_id TEXT PRIMARY KEY, rewards TEXT NOT NULL, version INTEGER NOT NULL, updated_at INTEGER NOT NULL
    )`);
    const insert = db.prepare('INSERT INTO community_settings VALUES (?, ?, 3, 1)');
    insert.run(
      'old',
      JSON.stringify({ dailyBonus: 20, paymentMin: 5, dailySendMax: 500, dailyReceiveMax: null }),
    );
    insert.run('new', JSON.stringify({ dailyBonus: 7, barredUserIds: [] }));
    const runner = {
      query: (sql: string) => Promise.resolve(db.prepare(sql).run()),
    } as unknown as QueryRunner;

    await new AccountsPaymentLimitsToLedger1764600000000().up(runner);

    const rows = db
      .prepare('SELECT community_id AS id, rewards, version FROM community_settings ORDER BY id')
      .all();
    expect(rows).toEqual([
      { id: 'new', rewards: JSON.stringify({ dailyBonus: 7, barredUserIds: [] }), version: 3 },
      { id: 'old', rewards: JSON.stringify({ dailyBonus: 20 }), version: 3 },
    ]);
    db.close();
  });
});
