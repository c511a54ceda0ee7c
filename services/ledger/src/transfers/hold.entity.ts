import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'holds' })
export class HoldEntity {
  @PrimaryColumn({ name: 'transfer_id', type: 'text' })
  transferId!: string;

  @Column({ type: 'text' })
  state!: string;

  @Column({ name: 'expires_at', type: 'integer' })
  expiresAt!: number;
}
