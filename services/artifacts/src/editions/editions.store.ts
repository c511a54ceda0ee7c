import type { Database, Statement } from 'better-sqlite3';
import { DomainError, type Edition } from '@ticketonomics/contracts';

export type EditionStatus = Edition['status'];

export interface EditionRow {
  communityId: string;
  id: number;
  typeId: number;
  serial: number;
  ownerId: string | null;
  status: EditionStatus;
  /** The request whose payment for this edition is not settled yet; null when free to move. */
  settling: string | null;
  mintedAt: number;
  updatedAt: number;
}

const COLUMNS = `community_id AS communityId, id, type_id AS typeId, serial, owner_id AS ownerId, status,
  settling, minted_at AS mintedAt, updated_at AS updatedAt`;

export class EditionsStore {
  private readonly selectOne: Statement;
  private readonly selectOwnedPage: Statement;
  private readonly selectOwnedSummary: Statement;
  private readonly selectAll: Statement;
  private readonly insertOne: Statement;
  private readonly updateOne: Statement;
  private readonly clearSettling: Statement;

  constructor(db: Database) {
    this.selectOne = db.prepare(`SELECT ${COLUMNS} FROM editions WHERE community_id = ? AND id = ?`);
    this.selectOwnedPage = db.prepare(
      `SELECT ${COLUMNS} FROM editions WHERE community_id = ? AND owner_id = ? AND id < ? ORDER BY id DESC LIMIT ?`,
    );
    this.selectOwnedSummary = db.prepare(
      `SELECT COUNT(*) AS editionCount, COALESCE(SUM(t.last_price), 0) AS collectionValue
       FROM editions e JOIN types t ON t.community_id = e.community_id AND t.id = e.type_id
       WHERE e.community_id = ? AND e.owner_id = ?`,
    );
    this.selectAll = db.prepare(`SELECT ${COLUMNS} FROM editions WHERE community_id = ? ORDER BY id`);
    this.insertOne = db.prepare(
      `INSERT INTO editions (community_id, id, type_id, serial, owner_id, status, settling, minted_at, updated_at)
       VALUES (@communityId, @id, @typeId, @serial, @ownerId, @status, @settling, @mintedAt, @updatedAt)`,
    );
    this.updateOne = db.prepare(
      `UPDATE editions SET owner_id = @ownerId, status = @status, settling = @settling, updated_at = @updatedAt
       WHERE community_id = @communityId AND id = @id`,
    );
    this.clearSettling = db.prepare(
      `UPDATE editions SET settling = NULL WHERE community_id = ? AND settling = ?`,
    );
  }

  find(communityId: string, id: number): EditionRow | undefined {
    return this.selectOne.get(communityId, id) as EditionRow | undefined;
  }

  require(communityId: string, id: number, field = 'editionId'): EditionRow {
    const row = this.find(communityId, id);
    if (row === undefined) {
      throw new DomainError(
        'NOT_FOUND',
        `${field}: no edition ${id} in ${communityId}; see a member's editions with tk.cmd.artifacts.inventory.get`,
        { field, editionId: id },
      );
    }
    return row;
  }

  ownedPage(communityId: string, ownerId: string, beforeId: number, limit: number): EditionRow[] {
    return this.selectOwnedPage.all(communityId, ownerId, beforeId, limit) as EditionRow[];
  }

  ownedSummary(communityId: string, ownerId: string): { editionCount: number; collectionValue: number } {
    return this.selectOwnedSummary.get(communityId, ownerId) as {
      editionCount: number;
      collectionValue: number;
    };
  }

  all(communityId: string): EditionRow[] {
    return this.selectAll.all(communityId) as EditionRow[];
  }

  insert(row: EditionRow): void {
    this.insertOne.run(row);
  }

  update(row: EditionRow): void {
    this.updateOne.run(row);
  }

  /** The payment of `requestId` is settled: its editions may change hands again. */
  settle(communityId: string, requestId: string): void {
    this.clearSettling.run(communityId, requestId);
  }
}

export function toEdition(row: EditionRow): Edition {
  return {
    communityId: row.communityId,
    id: row.id,
    typeId: row.typeId,
    serial: row.serial,
    ownerId: row.ownerId,
    status: row.status,
    mintedAt: new Date(row.mintedAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}
