import type { Database, Statement } from 'better-sqlite3';
import type { ProvenanceEntry, ProvenanceKind } from '@ticketonomics/contracts';
import { GENESIS_HASH, hashProvenance } from './provenance-hash';

export interface ProvenanceRow {
  communityId: string;
  seq: number;
  editionId: number;
  kind: ProvenanceKind;
  fromId: string | null;
  toId: string | null;
  price: number | null;
  requestId: string;
  at: number;
  prevHash: string;
  hash: string;
}

export type NewProvenance = Pick<
  ProvenanceRow,
  'communityId' | 'editionId' | 'kind' | 'fromId' | 'toId' | 'price' | 'requestId' | 'at'
>;

const COLUMNS = `community_id AS communityId, seq, edition_id AS editionId, kind, from_id AS fromId,
  to_id AS toId, price, request_id AS requestId, at, prev_hash AS prevHash, hash`;

/** The append-only, hash-chained history of every edition of a community (triggers refuse changes). */
export class ProvenanceStore {
  private readonly selectHead: Statement;
  private readonly selectAfter: Statement;
  private readonly selectOfEdition: Statement;
  private readonly insertOne: Statement;

  constructor(db: Database) {
    this.selectHead = db.prepare(
      `SELECT seq, hash FROM provenance WHERE community_id = ? ORDER BY seq DESC LIMIT 1`,
    );
    this.selectAfter = db.prepare(
      `SELECT ${COLUMNS} FROM provenance WHERE community_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
    );
    this.selectOfEdition = db.prepare(
      `SELECT ${COLUMNS} FROM provenance WHERE community_id = ? AND edition_id = ? ORDER BY seq`,
    );
    this.insertOne = db.prepare(
      `INSERT INTO provenance (community_id, seq, edition_id, kind, from_id, to_id, price, request_id, at,
        prev_hash, hash)
       VALUES (@communityId, @seq, @editionId, @kind, @fromId, @toId, @price, @requestId, @at, @prevHash, @hash)`,
    );
  }

  /** Inside a write: chain a new row to the community's last one. */
  append(change: NewProvenance): ProvenanceRow {
    const head = this.selectHead.get(change.communityId) as { seq: number; hash: string } | undefined;
    const unhashed = { ...change, seq: (head?.seq ?? 0) + 1, prevHash: head?.hash ?? GENESIS_HASH };
    const row: ProvenanceRow = { ...unhashed, hash: hashProvenance(toEntryFields(unhashed)) };
    this.insertOne.run(row);
    return row;
  }

  after(communityId: string, afterSeq: number, limit: number): ProvenanceRow[] {
    return this.selectAfter.all(communityId, afterSeq, limit) as ProvenanceRow[];
  }

  ofEdition(communityId: string, editionId: number): ProvenanceRow[] {
    return this.selectOfEdition.all(communityId, editionId) as ProvenanceRow[];
  }
}

function toEntryFields(row: Omit<ProvenanceRow, 'hash'>): Omit<ProvenanceEntry, 'hash'> {
  return { ...row, at: new Date(row.at).toISOString() };
}

export function toProvenanceEntry(row: ProvenanceRow): ProvenanceEntry {
  return { ...toEntryFields(row), hash: row.hash };
}
