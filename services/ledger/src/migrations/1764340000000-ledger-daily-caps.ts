import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Daily caps on member payments: the policy's two nullable caps (null: no cap), and each member's totals
 * sent (tax included) and received in member payments per UTC day, kept up to date in the transaction of
 * each payment so checking a cap reads one row per account.
 */
export class LedgerDailyCaps1764340000000 implements MigrationInterface {
  name = 'LedgerDailyCaps1764340000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `ALTER TABLE policies ADD COLUMN daily_send_max INTEGER`,
      `ALTER TABLE policies ADD COLUMN daily_receive_max INTEGER`,
      `CREATE TABLE daily_payment_totals (
        account_id TEXT NOT NULL REFERENCES accounts (id),
        day TEXT NOT NULL,
        sent INTEGER NOT NULL DEFAULT 0 CHECK (sent >= 0),
        received INTEGER NOT NULL DEFAULT 0 CHECK (received >= 0),
        PRIMARY KEY (account_id, day)
      ) WITHOUT ROWID`,
    ];
    for (const sql of statements) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE daily_payment_totals');
    await queryRunner.query('ALTER TABLE policies DROP COLUMN daily_receive_max');
    await queryRunner.query('ALTER TABLE policies DROP COLUMN daily_send_max');
  }
}
