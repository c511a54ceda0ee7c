import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'accounts' })
export class AccountEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'community_id', type: 'text' })
  communityId!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ name: 'owner_id', type: 'text', nullable: true })
  ownerId!: string | null;

  @Column({ type: 'integer' })
  frozen!: number;

  @Column({ type: 'integer' })
  balance!: number;

  @Column({ name: 'pending_debits', type: 'integer' })
  pendingDebits!: number;

  @Column({ name: 'pending_credits', type: 'integer' })
  pendingCredits!: number;

  @Column({ name: 'created_at', type: 'integer' })
  createdAt!: number;
}
