import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'communities' })
export class CommunityEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ name: 'telegram_chat_id', type: 'text', nullable: true })
  telegramChatId!: string | null;

  @Column({ name: 'created_at', type: 'integer' })
  createdAt!: number;

  @Column({ name: 'updated_at', type: 'integer' })
  updatedAt!: number;
}
