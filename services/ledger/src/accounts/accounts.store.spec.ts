import { closeDataSource, openSqliteDataSource, rawDatabase } from '@ticketonomics/persistence';
import { makeTempDir, removeDir } from '@ticketonomics/testing';
import type { DataSource } from 'typeorm';
import { LEDGER_MIGRATIONS } from '../store/ledger.migrations';
import { LedgerStores } from '../store/ledger.stores';

/** Balances kept in memory inside LedgerStores.isolated() and written once per transaction. */
describe('AccountsStore inside isolated()', () => {
  let dir: string;
  let dataSource: DataSource;
  let stores: LedgerStores;

  beforeEach(async () => {
    dir = await makeTempDir('accounts-store-');
    dataSource = await openSqliteDataSource({
      dataDir: dir,
      fileName: 'a.sqlite',
      migrations: LEDGER_MIGRATIONS,
    });
    stores = new LedgerStores(rawDatabase(dataSource));
    for (const id of ['a', 'b']) {
      stores.accounts.insert({ id, communityId: 'c', kind: 'user', ownerId: id, createdAt: 0 });
    }
    stores.accounts.apply('a', 100, 0, 0); // outside isolated(): written at once
  });

  afterEach(async () => {
    await closeDataSource(dataSource);
    await removeDir(dir);
  });

  /** The amounts as the table has them, bypassing the store. */
  const stored = (id: string) =>
    stores.db
      .prepare('SELECT balance, pending_debits AS pd, pending_credits AS pc FROM accounts WHERE id = ?')
      .get(id);

  it('writes the changed amounts at COMMIT, not per change, and reads the table outside isolated()', () => {
    stores.isolated(() => {
      for (let i = 0; i < 10; i += 1) {
        stores.accounts.apply('a', -1, 0, 0);
        stores.accounts.apply('b', 1, 0, 0);
      }
      expect(stores.accounts.require('a').balance).toBe(90);
      expect(stored('a')).toEqual({ balance: 100, pd: 0, pc: 0 }); // not written yet
    });
    expect(stored('a')).toEqual({ balance: 90, pd: 0, pc: 0 });
    expect(stored('b')).toEqual({ balance: 10, pd: 0, pc: 0 });
    // Outside isolated() reads go to the table again.
    stores.db.prepare('UPDATE accounts SET balance = 91 WHERE id = ?').run('a');
    expect(stores.accounts.require('a').balance).toBe(91);
  });

  it('a rolled-back savepoint takes its changes with it; the outer ones stay', () => {
    stores.isolated(() => {
      stores.accounts.apply('a', -10, 0, 0);
      expect(() =>
        stores.isolated(() => {
          stores.accounts.apply('a', -50, 0, 0);
          stores.accounts.apply('b', 50, 0, 0);
          throw new Error('boom');
        }),
      ).toThrow('boom');
      expect(stores.accounts.require('a').balance).toBe(90);
      expect(stores.accounts.require('b').balance).toBe(0);
      stores.accounts.apply('b', 10, 0, 0);
    });
    expect(stored('a')).toEqual({ balance: 90, pd: 0, pc: 0 });
    expect(stored('b')).toEqual({ balance: 10, pd: 0, pc: 0 });
  });

  it('a savepoint sees the table current, so SQL reading accounts (journal.verify) is not stale', () => {
    stores.isolated(() => {
      stores.accounts.apply('a', -30, 30, 0);
      stores.isolated(() => {
        expect(stored('a')).toEqual({ balance: 70, pd: 30, pc: 0 });
      });
    });
  });

  it("keeps the table's CHECKs: overspending throws and a failed transaction leaves nothing kept", () => {
    expect(() =>
      stores.isolated(() => {
        stores.accounts.apply('b', 5, 0, 0);
        stores.accounts.apply('a', -101, 0, 0);
      }),
    ).toThrow(/CHECK constraint failed/);
    expect(() => stores.isolated(() => stores.accounts.apply('a', 0, -1, 0))).toThrow(
      /CHECK constraint failed/,
    );
    expect(stored('a')).toEqual({ balance: 100, pd: 0, pc: 0 });
    expect(stored('b')).toEqual({ balance: 0, pd: 0, pc: 0 });
    expect(stores.isolated(() => stores.accounts.require('b').balance)).toBe(0);
  });

  it('setFrozen returns current amounts even with unwritten changes before it', () => {
    const row = stores.isolated(() => {
      stores.accounts.apply('a', -40, 0, 0);
      return stores.accounts.setFrozen('a', true);
    });
    expect(row).toMatchObject({ balance: 60, frozen: 1 });
    expect(stored('a')).toEqual({ balance: 60, pd: 0, pc: 0 });
  });
});
