import type { Database, Statement } from 'better-sqlite3';

export type CounterName = 'proposal' | 'history' | 'pool';

/** Hands out the numbers of a community's proposals, pools and history entries, never twice. */
export class CountersStore {
  private readonly bump: Statement;

  constructor(db: Database) {
    this.bump = db.prepare(
      `INSERT INTO counters (community_id, name, last) VALUES (?, ?, 1)
       ON CONFLICT (community_id, name) DO UPDATE SET last = last + 1 RETURNING last`,
    );
  }

  /** Inside a write: the next number of `name` in the community. */
  next(communityId: string, name: CounterName): number {
    return (this.bump.get(communityId, name) as { last: number }).last;
  }
}
