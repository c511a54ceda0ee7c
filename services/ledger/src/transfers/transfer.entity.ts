import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A journal row. Rows are only ever inserted; SQLite triggers refuse UPDATE and DELETE. */
@Entity({ name: 'transfers' })
export class TransferEntity {
  @PrimaryColumn({ type: 'integer' })
  seq!: number;

  @Column({ type: 'text', unique: true })
  id!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ name: 'community_id', type: 'text' })
  communityId!: string;

  @Column({ name: 'debit_account_id', type: 'text' })
  debitAccountId!: string;

  @Column({ name: 'credit_account_id', type: 'text' })
  creditAccountId!: string;

  @Column({ type: 'integer' })
  amount!: number;

  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  memo!: string;

  @Column({ name: 'pending_id', type: 'text', nullable: true })
  pendingId!: string | null;

  @Column({ name: 'timeout_ms', type: 'integer', nullable: true })
  timeoutMs!: number | null;

  @Column({ name: 'expires_at', type: 'integer', nullable: true })
  expiresAt!: number | null;

  @Column({ name: 'reverses_id', type: 'text', nullable: true })
  reversesId!: string | null;

  @Column({ name: 'linked_to', type: 'text', nullable: true })
  linkedTo!: string | null;

  @Column({ name: 'debit_balance_after', type: 'integer' })
  debitBalanceAfter!: number;

  @Column({ name: 'credit_balance_after', type: 'integer' })
  creditBalanceAfter!: number;

  @Column({ name: 'created_at', type: 'integer' })
  createdAt!: number;

  @Column({ name: 'prev_hash', type: 'text' })
  prevHash!: string;

  @Column({ type: 'text' })
  hash!: string;
}
