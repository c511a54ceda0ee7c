import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Lets the housekeeping sweep find past days' payment totals without scanning every row. */
export class LedgerDailyTotalsByDay1764700000000 implements MigrationInterface {
  name = 'LedgerDailyTotalsByDay1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX daily_payment_totals_day ON daily_payment_totals (day)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX daily_payment_totals_day');
  }
}
