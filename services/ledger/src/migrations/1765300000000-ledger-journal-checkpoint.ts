import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where the partition's SQLite file stands in its replicated journal: the last journal group it holds and
 * that group's position in the LEDGER_JOURNAL stream (the fence the next append names). One row, written
 * in the transaction of each group it counts; not itself carried by the journal.
 */
export class LedgerJournalCheckpoint1765300000000 implements MigrationInterface {
  name = 'LedgerJournalCheckpoint1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE journal_checkpoint (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        journal_group INTEGER NOT NULL CHECK (journal_group >= 0),
        stream_seq INTEGER NOT NULL CHECK (stream_seq >= 0)
      )`,
    );
    await queryRunner.query(
      'INSERT INTO journal_checkpoint (id, journal_group, stream_seq) VALUES (1, 0, 0)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE journal_checkpoint');
  }
}
