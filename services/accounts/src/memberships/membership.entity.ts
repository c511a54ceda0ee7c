import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'memberships' })
export class MembershipEntity {
  @PrimaryColumn({ name: 'community_id', type: 'text' })
  communityId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'text' })
  userId!: string;

  @Column({ type: 'text' })
  role!: string;

  @Column({ type: 'text' })
  status!: string;

  @Column({ name: 'joined_at', type: 'integer' })
  joinedAt!: number;

  @Column({ name: 'left_at', type: 'integer', nullable: true })
  leftAt!: number | null;

  @Column({ name: 'updated_at', type: 'integer' })
  updatedAt!: number;
}
