import type { Database, Statement } from 'better-sqlite3';
import type { PendingState } from '@ticketonomics/contracts';

/** The current state of each hold (pending transfer); the journal keeps the history. */
export class HoldsStore {
  private readonly insertOne: Statement;
  private readonly selectState: Statement;
  private readonly updateState: Statement;
  private readonly selectDue: Statement;

  constructor(db: Database) {
    this.insertOne = db.prepare(`INSERT INTO holds (transfer_id, state, expires_at) VALUES (?, 'open', ?)`);
    this.selectState = db.prepare('SELECT state FROM holds WHERE transfer_id = ?');
    this.updateState = db.prepare('UPDATE holds SET state = ? WHERE transfer_id = ?');
    this.selectDue = db.prepare(
      `SELECT transfer_id AS transferId FROM holds WHERE state = 'open' AND expires_at <= ? ORDER BY expires_at LIMIT ?`,
    );
  }

  open(transferId: string, expiresAt: number): void {
    this.insertOne.run(transferId, expiresAt);
  }

  state(transferId: string): PendingState | null {
    const row = this.selectState.get(transferId) as { state: PendingState } | undefined;
    return row?.state ?? null;
  }

  settle(transferId: string, state: Exclude<PendingState, 'open'>): void {
    this.updateState.run(state, transferId);
  }

  /** Open holds whose expiry has passed, oldest first. */
  due(now: number, limit: number): string[] {
    return (this.selectDue.all(now, limit) as { transferId: string }[]).map((row) => row.transferId);
  }
}
