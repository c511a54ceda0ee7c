import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'policies' })
export class PolicyEntity {
  @PrimaryColumn({ name: 'community_id', type: 'text' })
  communityId!: string;

  @Column({ name: 'currency_name', type: 'text' })
  currencyName!: string;

  @Column({ name: 'currency_symbol', type: 'text' })
  currencySymbol!: string;

  @Column({ name: 'tax_bps', type: 'integer' })
  taxBps!: number;

  @Column({ name: 'transfer_min', type: 'integer' })
  transferMin!: number;

  @Column({ name: 'transfer_max', type: 'integer' })
  transferMax!: number;

  @Column({ name: 'daily_send_max', type: 'integer', nullable: true })
  dailySendMax!: number | null;

  @Column({ name: 'daily_receive_max', type: 'integer', nullable: true })
  dailyReceiveMax!: number | null;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'updated_at', type: 'integer' })
  updatedAt!: number;
}
