import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * paymentMin, dailySendMax and dailyReceiveMax left the reward settings: payment limits are the ledger's
 * money policy (policy.set transferMin, transferMax, dailySendMax, dailyReceiveMax). Stored settings lose
 * those keys, since the strict schema they are read back through no longer knows them. Their values are
 * not carried over: the ledger keeps its own policy, which admins set with /settings.
 */
export class AccountsPaymentLimitsToLedger1764600000000 implements MigrationInterface {
  name = 'AccountsPaymentLimitsToLedger1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE community_settings
       SET rewards = json_remove(rewards, '$.paymentMin', '$.dailySendMax', '$.dailyReceiveMax')
       WHERE json_type(rewards, '$.paymentMin') IS NOT NULL
          OR json_type(rewards, '$.dailySendMax') IS NOT NULL
          OR json_type(rewards, '$.dailyReceiveMax') IS NOT NULL`,
    );
  }

  /** Nothing to undo: the previous schema gave the three keys defaults when stored settings lacked them. */
  down(): Promise<void> {
    return Promise.resolve();
  }
}
