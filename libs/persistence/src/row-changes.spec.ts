import Database from 'better-sqlite3';
import { RowChangeApplier, RowChangeCapture } from './row-changes';

const SCHEMA = `
  CREATE TABLE accounts (id TEXT PRIMARY KEY, balance INTEGER NOT NULL DEFAULT 0, note TEXT);
  CREATE TABLE entries (seq INTEGER PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts (id), amount INTEGER NOT NULL);
  CREATE TABLE totals (account_id TEXT NOT NULL, day TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (account_id, day)) WITHOUT ROWID;
  CREATE TABLE log (message TEXT NOT NULL);
  CREATE TABLE scratch (id INTEGER PRIMARY KEY, v TEXT);
`;

function open(): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA);
  return db;
}

const everything = (db: Database.Database) =>
  Object.fromEntries(
    ['accounts', 'entries', 'totals', 'log'].map((table) => [
      table,
      db.prepare(`SELECT ${table === 'log' ? 'rowid, ' : ''}* FROM ${table} ORDER BY 1, 2`).all(),
    ]),
  );

describe('RowChangeCapture and RowChangeApplier', () => {
  it('replay each group of changes on another copy, which ends up the same, rollbacks left out', () => {
    const source = open();
    const copy = open();
    const capture = new RowChangeCapture(source, { skip: ['scratch'] });
    const applier = new RowChangeApplier(copy, { skip: ['scratch'] });
    expect(capture.tables).toEqual(['accounts', 'entries', 'log', 'totals']);
    const groups: string[] = [];
    const group = (work: () => void) => {
      source.transaction(() => {
        work();
        const drained = capture.drain();
        if (drained !== null) groups.push(drained.json);
      })();
    };

    group(() => {
      source.prepare("INSERT INTO accounts (id, note) VALUES ('a', 'first'), ('b', NULL)").run();
      source.prepare("INSERT INTO entries (account_id, amount) VALUES ('a', 5), ('b', -5)").run();
      source.prepare("INSERT INTO totals VALUES ('a', '2026-12-04', 1)").run();
      source.prepare("INSERT INTO log (message) VALUES ('opened')").run();
      source.prepare("INSERT INTO scratch (v) VALUES ('not carried')").run();
    });
    group(() => {
      source
        .prepare("UPDATE accounts SET balance = balance + 5, note = 'it''s \"quoted\"' WHERE id = 'a'")
        .run();
      source.prepare("UPDATE totals SET n = n + 1 WHERE account_id = 'a'").run();
      // Undone by its savepoint: never caught.
      source.exec('SAVEPOINT s1');
      source.prepare("INSERT INTO accounts (id) VALUES ('ghost')").run();
      source.exec('ROLLBACK TO s1');
      source.exec('RELEASE s1');
      source.prepare('DELETE FROM log').run();
      source.prepare("INSERT INTO log (message) VALUES ('second')").run();
    });
    group(() => {
      // A key that moves: the copy moves it too.
      source.prepare("UPDATE totals SET day = '2026-12-05' WHERE account_id = 'a'").run();
      source.prepare("DELETE FROM entries WHERE account_id = 'b'").run();
    });
    // A rolled-back transaction leaves nothing to carry.
    expect(() =>
      source.transaction(() => {
        source.prepare("INSERT INTO accounts (id) VALUES ('c')").run();
        throw new Error('abandoned');
      })(),
    ).toThrow('abandoned');
    expect(capture.pending).toBe(0);
    group(() => undefined);

    expect(groups).toHaveLength(3);
    copy.transaction(() => {
      for (const json of groups) applier.apply(json);
    })();
    expect(everything(copy)).toEqual(everything(source));
    expect(copy.prepare('SELECT count(*) AS n FROM scratch').get()).toEqual({ n: 0 });
    // Replaying again changes nothing: each change says what a row holds, not what to add.
    copy.transaction(() => {
      for (const json of groups) applier.apply(json);
    })();
    expect(everything(copy)).toEqual(everything(source));
  });

  it('refuses a change of a table or column the copy lacks', () => {
    const applier = new RowChangeApplier(open());
    expect(() => applier.apply([{ t: 'ledger_secrets', o: 'u', r: { id: 1 } }])).toThrow(
      /table ledger_secrets, which this database lacks/,
    );
    expect(() => applier.apply([{ t: 'accounts', o: 'u', r: { id: 'a', colour: 'red' } }])).toThrow(
      /accounts\.colour, which this database lacks/,
    );
  });

  it('stops catching once uninstalled', () => {
    const db = open();
    const capture = new RowChangeCapture(db);
    db.prepare("INSERT INTO accounts (id) VALUES ('a')").run();
    expect(capture.pending).toBe(1);
    capture.drain();
    capture.uninstall();
    db.prepare("INSERT INTO accounts (id) VALUES ('b')").run();
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_temp_master WHERE type = 'trigger'").get()).toEqual({
      n: 0,
    });
  });
});
