import { PROCESSED_EVENTS_TABLE_SQL } from '@ticketonomics/messaging';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Events the ledger consumes (from the accounts service) are applied once, remembered here. */
export class LedgerProcessedEvents1764330000000 implements MigrationInterface {
  name = 'LedgerProcessedEvents1764330000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of PROCESSED_EVENTS_TABLE_SQL) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE processed_events');
  }
}
