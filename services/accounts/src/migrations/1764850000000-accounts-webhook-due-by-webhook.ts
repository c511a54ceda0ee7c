import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Due deliveries found per webhook, so the worker can share requests out between communities (one seek
 * per webhook) instead of taking the globally oldest ones, which one community's backlog could fill.
 */
export class AccountsWebhookDueByWebhook1764850000000 implements MigrationInterface {
  name = 'AccountsWebhookDueByWebhook1764850000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX webhook_deliveries_due_by_webhook ON webhook_deliveries (webhook_id, next_attempt_at)
       WHERE status = 'pending'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX webhook_deliveries_due_by_webhook`);
  }
}
