import type { Database, Statement } from 'better-sqlite3';
import { DomainError, type Community } from '@ticketonomics/contracts';

export interface CommunityRow {
  id: string;
  title: string;
  telegramChatId: string | null;
  createdAt: number;
  updatedAt: number;
}

const COLUMNS = `id, title, telegram_chat_id AS telegramChatId, created_at AS createdAt, updated_at AS updatedAt`;

export class CommunitiesStore {
  private readonly selectOne: Statement;
  private readonly insertOne: Statement;
  private readonly updateTitle: Statement;

  constructor(db: Database) {
    this.selectOne = db.prepare(`SELECT ${COLUMNS} FROM communities WHERE id = ?`);
    this.insertOne = db.prepare(
      `INSERT INTO communities (id, title, telegram_chat_id, created_at, updated_at)
       VALUES (@id, @title, @telegramChatId, @createdAt, @updatedAt)`,
    );
    this.updateTitle = db.prepare(`UPDATE communities SET title = ?, updated_at = ? WHERE id = ?`);
  }

  find(id: string): CommunityRow | undefined {
    return this.selectOne.get(id) as CommunityRow | undefined;
  }

  require(id: string, field = 'communityId'): CommunityRow {
    const row = this.find(id);
    if (row === undefined) {
      throw new DomainError(
        'NOT_FOUND',
        `${field}: no community ${id}; create it first with tk.cmd.accounts.community.upsert`,
        { field, communityId: id },
      );
    }
    return row;
  }

  insert(row: CommunityRow): void {
    this.insertOne.run(row);
  }

  setTitle(id: string, title: string, at: number): CommunityRow {
    this.updateTitle.run(title, at, id);
    return this.require(id);
  }
}

export function toCommunity(row: CommunityRow): Community {
  return {
    id: row.id,
    title: row.title,
    telegramChatId: row.telegramChatId,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}
