import type { Database, Statement } from 'better-sqlite3';
import type { ParameterChange, ParameterId } from '@ticketonomics/contracts';

export interface HistoryRow {
  communityId: string;
  seq: number;
  parameter: ParameterId;
  oldValue: number | null;
  newValue: number | null;
  /** The member a grant paid; null for a setting. */
  recipientId: string | null;
  source: 'proposal' | 'admin';
  proposalId: number | null;
  at: number;
}

/** Every change of a governed parameter, and the last value seen of each. */
export class HistoryStore {
  private readonly insertOne: Statement;
  private readonly selectPage: Statement;
  private readonly selectValue: Statement;
  private readonly upsertValue: Statement;

  constructor(db: Database) {
    this.insertOne = db.prepare(
      `INSERT INTO history (community_id, seq, parameter, old_value, new_value, recipient_id, source,
        proposal_id, at)
       VALUES (@communityId, @seq, @parameter, @oldValue, @newValue, @recipientId, @source, @proposalId, @at)`,
    );
    this.selectPage = db.prepare(
      `SELECT community_id AS communityId, seq, parameter, old_value AS oldValue, new_value AS newValue,
        recipient_id AS recipientId, source, proposal_id AS proposalId, at
       FROM history WHERE community_id = @communityId AND (@parameter IS NULL OR parameter = @parameter)
        AND (@before IS NULL OR seq < @before)
       ORDER BY seq DESC LIMIT @limit`,
    );
    this.selectValue = db.prepare(
      'SELECT value FROM parameter_values WHERE community_id = ? AND parameter = ?',
    );
    this.upsertValue = db.prepare(
      `INSERT INTO parameter_values (community_id, parameter, value) VALUES (?, ?, ?)
       ON CONFLICT (community_id, parameter) DO UPDATE SET value = excluded.value`,
    );
  }

  insert(row: HistoryRow): void {
    this.insertOne.run(row);
  }

  page(
    communityId: string,
    parameter: ParameterId | null,
    before: number | null,
    limit: number,
  ): HistoryRow[] {
    return this.selectPage.all({ communityId, parameter, before, limit }) as HistoryRow[];
  }

  /** The last value seen: undefined when never seen, null when it is "none". */
  lastValue(communityId: string, parameter: ParameterId): number | null | undefined {
    const row = this.selectValue.get(communityId, parameter) as { value: number | null } | undefined;
    return row?.value;
  }

  saveValue(communityId: string, parameter: ParameterId, value: number | null): void {
    this.upsertValue.run(communityId, parameter, value);
  }
}

export function toParameterChange(row: HistoryRow): ParameterChange {
  return { ...row, at: new Date(row.at).toISOString() };
}
