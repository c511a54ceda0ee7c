import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which rule turns a webhook's secret into its signing key (see WebhookSecretFormat): every webhook made
 * before this is `legacy` (its secret's whole text is the key, so its receivers keep verifying as they do);
 * new ones are `standard` (Standard Webhooks: the key is the base64-decoded part after `whsec_`).
 */
export class AccountsWebhookSecretFormat1765100000000 implements MigrationInterface {
  name = 'AccountsWebhookSecretFormat1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE webhooks ADD COLUMN secret_format TEXT NOT NULL DEFAULT 'legacy'
        CHECK (secret_format IN ('legacy', 'standard'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE webhooks DROP COLUMN secret_format`);
  }
}
