import { OUTBOX_TABLE_SQL } from '@ticketonomics/messaging';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LedgerInit1764320000000 implements MigrationInterface {
  name = 'LedgerInit1764320000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        community_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('user', 'treasury', 'issuance', 'escrow')),
        owner_id TEXT,
        frozen INTEGER NOT NULL DEFAULT 0,
        balance INTEGER NOT NULL DEFAULT 0,
        pending_debits INTEGER NOT NULL DEFAULT 0 CHECK (pending_debits >= 0),
        pending_credits INTEGER NOT NULL DEFAULT 0 CHECK (pending_credits >= 0),
        created_at INTEGER NOT NULL,
        CHECK (kind = 'issuance' OR balance - pending_debits >= 0)
      )`,
      `CREATE INDEX accounts_community ON accounts (community_id, id)`,
      // The journal: append-only, hash-chained. seq is assigned by the ledger so the hash can cover it.
      `CREATE TABLE transfers (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('posted', 'pending', 'post_pending', 'void_pending')),
        community_id TEXT NOT NULL,
        debit_account_id TEXT NOT NULL REFERENCES accounts (id),
        credit_account_id TEXT NOT NULL REFERENCES accounts (id),
        amount INTEGER NOT NULL CHECK (amount >= 0),
        code TEXT NOT NULL,
        memo TEXT NOT NULL,
        pending_id TEXT,
        timeout_ms INTEGER,
        expires_at INTEGER,
        reverses_id TEXT,
        linked_to TEXT,
        debit_balance_after INTEGER NOT NULL,
        credit_balance_after INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      )`,
      // A hold is settled once: by one post or one void (or its expiry).
      `CREATE UNIQUE INDEX transfers_pending_once ON transfers (pending_id) WHERE pending_id IS NOT NULL`,
      // A transfer is reversed at most once.
      `CREATE UNIQUE INDEX transfers_reversed_once ON transfers (reverses_id) WHERE reverses_id IS NOT NULL`,
      `CREATE INDEX transfers_community ON transfers (community_id, seq)`,
      `CREATE INDEX transfers_debit ON transfers (debit_account_id, seq)`,
      `CREATE INDEX transfers_credit ON transfers (credit_account_id, seq)`,
      `CREATE TRIGGER transfers_no_update BEFORE UPDATE ON transfers
        BEGIN SELECT RAISE(ABORT, 'the journal is append-only: correct a transfer with a reversal'); END`,
      `CREATE TRIGGER transfers_no_delete BEFORE DELETE ON transfers
        BEGIN SELECT RAISE(ABORT, 'the journal is append-only: correct a transfer with a reversal'); END`,
      // The current state of each hold; the journal rows stay the record of what happened.
      `CREATE TABLE holds (
        transfer_id TEXT PRIMARY KEY REFERENCES transfers (id),
        state TEXT NOT NULL CHECK (state IN ('open', 'posted', 'voided', 'expired')),
        expires_at INTEGER NOT NULL
      )`,
      `CREATE INDEX holds_open_expiry ON holds (expires_at) WHERE state = 'open'`,
      `CREATE TABLE policies (
        community_id TEXT PRIMARY KEY,
        currency_name TEXT NOT NULL,
        currency_symbol TEXT NOT NULL,
        tax_bps INTEGER NOT NULL,
        transfer_min INTEGER NOT NULL,
        transfer_max INTEGER NOT NULL,
        version INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      )`,
      ...OUTBOX_TABLE_SQL,
    ];
    for (const sql of statements) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['outbox', 'policies', 'holds', 'transfers', 'accounts']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
