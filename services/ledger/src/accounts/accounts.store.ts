import type { Database, Statement } from 'better-sqlite3';
import { DomainError } from '@ticketonomics/contracts';
import type { AccountRow } from './account.mapper';

const COLUMNS = `id, community_id AS communityId, kind, owner_id AS ownerId, frozen, balance,
  pending_debits AS pendingDebits, pending_credits AS pendingCredits, created_at AS createdAt`;

/** Synchronous account reads and writes for use inside the ledger's commit transactions. */
export class AccountsStore {
  private readonly selectOne: Statement;
  private readonly insertOne: Statement;
  private readonly updateAmounts: Statement;
  private readonly updateFrozen: Statement;

  constructor(db: Database) {
    this.selectOne = db.prepare(`SELECT ${COLUMNS} FROM accounts WHERE id = ?`);
    this.insertOne = db.prepare(
      `INSERT INTO accounts (id, community_id, kind, owner_id, frozen, balance, pending_debits, pending_credits, created_at)
       VALUES (@id, @communityId, @kind, @ownerId, 0, 0, 0, 0, @createdAt)`,
    );
    this.updateAmounts = db.prepare(
      `UPDATE accounts SET balance = balance + ?, pending_debits = pending_debits + ?, pending_credits = pending_credits + ?
       WHERE id = ? RETURNING ${COLUMNS}`,
    );
    this.updateFrozen = db.prepare(`UPDATE accounts SET frozen = ? WHERE id = ? RETURNING ${COLUMNS}`);
  }

  find(id: string): AccountRow | undefined {
    return this.selectOne.get(id) as AccountRow | undefined;
  }

  require(id: string, field = 'accountId'): AccountRow {
    const row = this.find(id);
    if (row === undefined) {
      throw new DomainError(
        'NOT_FOUND',
        `${field}: no account ${id}; open it first with tk.cmd.ledger.account.open`,
        {
          field,
          accountId: id,
        },
      );
    }
    return row;
  }

  insert(row: Pick<AccountRow, 'id' | 'communityId' | 'kind' | 'ownerId' | 'createdAt'>): AccountRow {
    this.insertOne.run(row);
    return this.require(row.id);
  }

  /** Add to an account's posted balance and pending amounts; returns the row as it now stands. */
  apply(
    id: string,
    balanceDelta: number,
    pendingDebitsDelta: number,
    pendingCreditsDelta: number,
  ): AccountRow {
    return this.updateAmounts.get(balanceDelta, pendingDebitsDelta, pendingCreditsDelta, id) as AccountRow;
  }

  setFrozen(id: string, frozen: boolean): AccountRow {
    return this.updateFrozen.get(frozen ? 1 : 0, id) as AccountRow;
  }
}
