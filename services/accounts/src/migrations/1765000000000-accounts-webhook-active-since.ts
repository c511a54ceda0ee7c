import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a webhook last became active (created, or enabled again): it gets the events that happened from
 * then on, never one from while it was disabled, however late the consumer reads it.
 */
export class AccountsWebhookActiveSince1765000000000 implements MigrationInterface {
  name = 'AccountsWebhookActiveSince1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE webhooks ADD COLUMN active_since INTEGER`);
    await queryRunner.query(`UPDATE webhooks SET active_since = created_at`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE webhooks DROP COLUMN active_since`);
  }
}
