import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Grants by proposal: the member a grant pays, on the proposal and on its history entry. */
export class GovernanceGrants1765000000000 implements MigrationInterface {
  name = 'GovernanceGrants1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE proposals ADD COLUMN recipient_id TEXT');
    await queryRunner.query('ALTER TABLE history ADD COLUMN recipient_id TEXT');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE history DROP COLUMN recipient_id');
    await queryRunner.query('ALTER TABLE proposals DROP COLUMN recipient_id');
  }
}
