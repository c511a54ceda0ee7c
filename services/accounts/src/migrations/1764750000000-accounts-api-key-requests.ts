import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * apikey.create's optional requestId: kept on the key it made, unique within the community, so a repeat
 * (the bot's /apikey redelivered by Telegram) finds that key instead of making a second one. Keys made
 * before have none.
 */
export class AccountsApiKeyRequests1764750000000 implements MigrationInterface {
  name = 'AccountsApiKeyRequests1764750000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE api_keys ADD COLUMN request_id TEXT`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX api_keys_request ON api_keys (community_id, request_id) WHERE request_id IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX api_keys_request`);
    await queryRunner.query(`ALTER TABLE api_keys DROP COLUMN request_id`);
  }
}
