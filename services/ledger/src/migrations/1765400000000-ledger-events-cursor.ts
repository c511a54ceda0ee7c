import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How far the partition's events are published: the last journal group whose events JetStream has
 * acknowledged, and that group's stream position. It is journaled like the books, so a replica taking the
 * partition over republishes only from there. A file already in a journal starts where it stands (the
 * events of the groups it holds went out through the outbox); a fresh one has no row (no data to put in
 * a baseline) until the first events are published.
 */
export class LedgerEventsCursor1765400000000 implements MigrationInterface {
  name = 'LedgerEventsCursor1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE events_published (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        journal_group INTEGER NOT NULL CHECK (journal_group >= 0),
        stream_seq INTEGER NOT NULL CHECK (stream_seq >= 0)
      )`,
    );
    await queryRunner.query(
      `INSERT INTO events_published (id, journal_group, stream_seq)
       SELECT 1, journal_group, stream_seq FROM journal_checkpoint WHERE id = 1 AND journal_group > 0`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE events_published');
  }
}
