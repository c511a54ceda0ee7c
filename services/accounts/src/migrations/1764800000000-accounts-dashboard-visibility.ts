import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether a community's public dashboard is open to anyone. 0 (private) for every community, including
 * those that had settings before: nobody chose to publish their members' balances yet.
 */
export class AccountsDashboardVisibility1764800000000 implements MigrationInterface {
  name = 'AccountsDashboardVisibility1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE community_settings ADD COLUMN dashboard_public INTEGER NOT NULL DEFAULT 0`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE community_settings DROP COLUMN dashboard_public`);
  }
}
