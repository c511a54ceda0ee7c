import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Read-only by design: triggers refuse UPDATE and DELETE on this table. */
@Entity({ name: 'provenance' })
export class ProvenanceEntity {
  @PrimaryColumn({ name: 'community_id', type: 'text' })
  communityId!: string;

  @PrimaryColumn({ type: 'integer' })
  seq!: number;

  @Column({ name: 'edition_id', type: 'integer' })
  editionId!: number;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ name: 'from_id', type: 'text', nullable: true })
  fromId!: string | null;

  @Column({ name: 'to_id', type: 'text', nullable: true })
  toId!: string | null;

  @Column({ type: 'integer', nullable: true })
  price!: number | null;

  @Column({ name: 'request_id', type: 'text' })
  requestId!: string;

  @Column({ type: 'integer' })
  at!: number;

  @Column({ name: 'prev_hash', type: 'text' })
  prevHash!: string;

  @Column({ type: 'text' })
  hash!: string;
}
