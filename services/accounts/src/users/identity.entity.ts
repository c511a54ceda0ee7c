import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A user's identity at a provider. Unique per (community_id, provider, external_id) for a game's identity
 * and per (provider, external_id) for a Telegram one, whose community_id is NULL (see the migration).
 */
@Entity({ name: 'identities' })
export class IdentityEntity {
  @Column({ name: 'community_id', type: 'text', nullable: true })
  communityId!: string | null;

  @PrimaryColumn({ type: 'text' })
  provider!: string;

  @PrimaryColumn({ name: 'external_id', type: 'text' })
  externalId!: string;

  @Column({ name: 'user_id', type: 'text' })
  userId!: string;

  @Column({ name: 'linked_at', type: 'integer' })
  linkedAt!: number;
}
