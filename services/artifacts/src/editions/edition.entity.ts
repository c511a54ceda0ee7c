import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'editions' })
export class EditionEntity {
  @PrimaryColumn({ name: 'community_id', type: 'text' })
  communityId!: string;

  @PrimaryColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'type_id', type: 'integer' })
  typeId!: number;

  @Column({ type: 'integer' })
  serial!: number;

  @Column({ name: 'owner_id', type: 'text', nullable: true })
  ownerId!: string | null;

  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'text', nullable: true })
  settling!: string | null;

  @Column({ name: 'minted_at', type: 'integer' })
  mintedAt!: number;

  @Column({ name: 'updated_at', type: 'integer' })
  updatedAt!: number;
}
