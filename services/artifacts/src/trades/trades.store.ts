import type { Database, Statement } from 'better-sqlite3';
import { DomainError, type Trade } from '@ticketonomics/contracts';

export type TradeStatus = Trade['status'];

export interface TradeRow {
  communityId: string;
  id: number;
  fromId: string;
  toId: string;
  giveEditionIds: number[];
  wantEditionIds: number[];
  wantAmount: number;
  status: TradeStatus;
  expiresAt: number;
  createdAt: number;
  updatedAt: number;
}

type Stored = Omit<TradeRow, 'giveEditionIds' | 'wantEditionIds'> & {
  giveEditionIds: string;
  wantEditionIds: string;
};

const COLUMNS = `community_id AS communityId, id, from_id AS fromId, to_id AS toId,
  give_edition_ids AS giveEditionIds, want_edition_ids AS wantEditionIds, want_amount AS wantAmount, status,
  expires_at AS expiresAt, created_at AS createdAt, updated_at AS updatedAt`;

const fromStored = (row: Stored): TradeRow => ({
  ...row,
  giveEditionIds: JSON.parse(row.giveEditionIds) as number[],
  wantEditionIds: JSON.parse(row.wantEditionIds) as number[],
});

export class TradesStore {
  private readonly selectOne: Statement;
  private readonly selectOfMember: Statement;
  private readonly selectDue: Statement;
  private readonly upsertOne: Statement;
  private readonly selectOpenGiven: Statement;

  constructor(db: Database) {
    this.selectOne = db.prepare(`SELECT ${COLUMNS} FROM trades WHERE community_id = ? AND id = ?`);
    this.selectOpenGiven = db
      .prepare(`SELECT give_edition_ids FROM trades WHERE community_id = ? AND status = 'open'`)
      .pluck();
    this.selectOfMember = db.prepare(
      `SELECT ${COLUMNS} FROM trades
       WHERE community_id = @communityId AND (from_id = @memberId OR to_id = @memberId) AND id < @beforeId
        AND (@status IS NULL OR status = @status)
       ORDER BY id DESC LIMIT @limit`,
    );
    this.selectDue = db.prepare(
      `SELECT ${COLUMNS} FROM trades WHERE status = 'open' AND expires_at <= ? ORDER BY expires_at LIMIT ?`,
    );
    this.upsertOne = db.prepare(
      `INSERT INTO trades (community_id, id, from_id, to_id, give_edition_ids, want_edition_ids, want_amount,
        status, expires_at, created_at, updated_at)
       VALUES (@communityId, @id, @fromId, @toId, @giveEditionIds, @wantEditionIds, @wantAmount, @status,
        @expiresAt, @createdAt, @updatedAt)
       ON CONFLICT (community_id, id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at`,
    );
  }
  /** The editions offered by the community's open trades, locked until each closes (for provenance.verify). */
  openGivenEditionIds(communityId: string): number[] {
    return (this.selectOpenGiven.all(communityId) as string[]).flatMap((ids) => JSON.parse(ids) as number[]);
  }

  find(communityId: string, id: number): TradeRow | undefined {
    const row = this.selectOne.get(communityId, id) as Stored | undefined;
    return row === undefined ? undefined : fromStored(row);
  }

  require(communityId: string, id: number): TradeRow {
    const row = this.find(communityId, id);
    if (row === undefined) {
      throw new DomainError(
        'NOT_FOUND',
        `tradeId: no trade ${id} in ${communityId}; see a member's offers with tk.cmd.artifacts.trade.list`,
        { field: 'tradeId', tradeId: id },
      );
    }
    return row;
  }

  ofMember(query: {
    communityId: string;
    memberId: string;
    status: TradeStatus | null;
    beforeId: number;
    limit: number;
  }): TradeRow[] {
    return (this.selectOfMember.all(query) as Stored[]).map(fromStored);
  }

  /** Open offers whose time ran out, oldest first, at most `limit`. */
  due(now: number, limit: number): TradeRow[] {
    return (this.selectDue.all(now, limit) as Stored[]).map(fromStored);
  }

  save(row: TradeRow): void {
    this.upsertOne.run({
      ...row,
      giveEditionIds: JSON.stringify(row.giveEditionIds),
      wantEditionIds: JSON.stringify(row.wantEditionIds),
    });
  }
}

export function toTrade(row: TradeRow): Trade {
  return {
    communityId: row.communityId,
    id: row.id,
    fromId: row.fromId,
    toId: row.toId,
    giveEditionIds: row.giveEditionIds,
    wantEditionIds: row.wantEditionIds,
    wantAmount: row.wantAmount,
    status: row.status,
    expiresAt: new Date(row.expiresAt).toISOString(),
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}
