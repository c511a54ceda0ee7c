import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'types' })
export class ArtifactTypeEntity {
  @PrimaryColumn({ name: 'community_id', type: 'text' })
  communityId!: string;

  @PrimaryColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  rarity!: string;

  @Column({ name: 'supply_max', type: 'integer', nullable: true })
  supplyMax!: number | null;

  @Column({ type: 'integer' })
  minted!: number;

  @Column({ type: 'integer' })
  burned!: number;

  @Column({ name: 'creator_id', type: 'text' })
  creatorId!: string;

  @Column({ name: 'royalty_bps', type: 'integer' })
  royaltyBps!: number;

  @Column({ name: 'last_price', type: 'integer', nullable: true })
  lastPrice!: number | null;

  @Column({ name: 'created_at', type: 'integer' })
  createdAt!: number;
}
