import { DomainError } from '@ticketonomics/contracts';
import { makeTempDir, removeDir } from '@ticketonomics/testing';
import Database, { type Database as Db } from 'better-sqlite3';
import { join } from 'node:path';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { closeDataSource, openSqliteDataSource, rawDatabase } from './sqlite.data-source';
import { SqliteWriter, type GroupCommitOptions } from './sqlite.writer';

class CreateNotes1700000000000 implements MigrationInterface {
  name = 'CreateNotes1700000000000';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE notes (id TEXT PRIMARY KEY, body TEXT NOT NULL)');
    // Checked only at COMMIT, so a write can make the commit of its whole group fail.
    await runner.query(
      'CREATE TABLE tags (id TEXT PRIMARY KEY, note_id TEXT REFERENCES notes (id) DEFERRABLE INITIALLY DEFERRED)',
    );
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE tags');
    await runner.query('DROP TABLE notes');
  }
}

describe('SqliteWriter grouped writes', () => {
  let dir: string;
  let dataSource: DataSource;
  let db: Db;
  /** A second connection to the same file: it sees only what is committed. */
  let reader: Db;
  let commits: number;

  const open = async (busyTimeoutMs = 5_000): Promise<void> => {
    dataSource = await openSqliteDataSource({
      dataDir: dir,
      fileName: 'w.sqlite',
      migrations: [CreateNotes1700000000000],
      busyTimeoutMs,
    });
    db = rawDatabase(dataSource);
    reader = new Database(join(dir, 'w.sqlite'));
  };

  const writer = (options: Partial<GroupCommitOptions> = {}): SqliteWriter => {
    const made = new SqliteWriter(db, options);
    made.onCommitted(() => (commits += 1));
    return made;
  };

  const insert =
    (id: string, body = id) =>
    (): string => {
      db.prepare('INSERT INTO notes (id, body) VALUES (?, ?)').run(id, body);
      return id;
    };

  const committedIds = (): string[] =>
    (reader.prepare('SELECT id FROM notes ORDER BY id').all() as { id: string }[]).map((row) => row.id);

  beforeEach(async () => {
    dir = await makeTempDir('sqlite-writer-');
    commits = 0;
  });

  afterEach(async () => {
    reader?.close();
    await closeDataSource(dataSource);
    await removeDir(dir);
  });

  it('commits concurrent writes in one transaction, each failing alone with its rows rolled back', async () => {
    await open();
    const stores = writer();
    const results = await Promise.allSettled([
      stores.writeGrouped(insert('a')),
      stores.writeGrouped(() => {
        insert('b')();
        throw new DomainError('NOT_FOUND', 'b: no such thing; create it first');
      }),
      stores.writeGrouped(insert('a')), // a constraint violation: SQLite's own error
      stores.writeGrouped(insert('c')),
    ]);
    expect(results).toEqual([
      { status: 'fulfilled', value: 'a' },
      { status: 'rejected', reason: expect.objectContaining({ code: 'NOT_FOUND' }) },
      { status: 'rejected', reason: expect.objectContaining({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' }) },
      { status: 'fulfilled', value: 'c' },
    ]);
    expect(committedIds()).toEqual(['a', 'c']);
    expect(commits).toBe(1);
    expect(stores.writes).toBe(1);
    expect(stores.groupStats).toEqual({ groups: 1, items: 4, lastGroupSize: 4 });
  });

  it("answers the others when one write throws a bug's error, and runs writes in order seeing earlier ones", async () => {
    await open();
    const stores = writer();
    const count = (): number => (db.prepare('SELECT COUNT(*) AS n FROM notes').get() as { n: number }).n;
    const results = await Promise.allSettled([
      stores.writeGrouped(insert('a')),
      stores.writeGrouped(() => {
        insert('x')();
        return (undefined as unknown as { length: number }).length;
      }),
      stores.writeGrouped(count),
      stores.writeGrouped(() => Promise.resolve('not synchronous')),
      stores.writeGrouped(() => stores.write(insert('nested'))),
    ]);
    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
      'rejected',
    ]);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(TypeError);
    // The third write saw the first one's row and not the rolled-back second one's.
    expect((results[2] as PromiseFulfilledResult<number>).value).toBe(1);
    expect((results[3] as PromiseRejectedResult).reason).toMatchObject({
      message: expect.stringMatching(/must be synchronous/),
    });
    expect(committedIds()).toEqual(['a']);
  });

  it('settles each write only once its group is committed and visible to another connection', async () => {
    await open();
    const stores = writer();
    const seenAtReply: string[][] = [];
    await Promise.all(
      ['a', 'b'].map((id) =>
        stores.writeGrouped(insert(id)).then(() => {
          seenAtReply.push(committedIds());
        }),
      ),
    );
    expect(seenAtReply).toEqual([
      ['a', 'b'],
      ['a', 'b'],
    ]);
  });

  it('answers no write of a group whose COMMIT fails, not even those whose work succeeded', async () => {
    await open();
    const stores = writer();
    const results = await Promise.allSettled([
      stores.writeGrouped(insert('a')),
      stores.writeGrouped(() => db.prepare("INSERT INTO tags (id, note_id) VALUES ('t', 'nowhere')").run()),
      stores.writeGrouped(insert('b')),
    ]);
    expect(results).toEqual([
      { status: 'rejected', reason: expect.objectContaining({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' }) },
      { status: 'rejected', reason: expect.objectContaining({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' }) },
      { status: 'rejected', reason: expect.objectContaining({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' }) },
    ]);
    expect(committedIds()).toEqual([]);
    expect(commits).toBe(0);
    expect(db.inTransaction).toBe(false);
    await expect(stores.writeGrouped(insert('a'))).resolves.toBe('a');
  });

  it('splits a queue longer than groupSizeMax into groups, and writes of later turns into later groups', async () => {
    await open();
    const stores = writer({ groupSizeMax: 2 });
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((id) => stores.writeGrouped(insert(id))));
    expect(commits).toBe(3);
    expect(stores.groupStats).toEqual({ groups: 3, items: 5, lastGroupSize: 1 });
    await stores.writeGrouped(insert('f'));
    await stores.writeGrouped(insert('g'));
    expect(commits).toBe(5);
    expect(committedIds()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  });

  it('refuses writes past queueLengthMax with OVERLOADED, saying to retry, and commits the queued ones', async () => {
    await open();
    const stores = writer({ queueLengthMax: 2 });
    const queued = [stores.writeGrouped(insert('a')), stores.writeGrouped(insert('b'))];
    const refused = stores.writeGrouped(insert('c'));
    expect(stores.queuedWrites).toBe(2);
    await expect(refused).rejects.toMatchObject({
      code: 'OVERLOADED',
      message: expect.stringMatching(/retry/),
    });
    await Promise.all(queued);
    await stores.writeGrouped(insert('c'));
    expect(committedIds()).toEqual(['a', 'b', 'c']);
  });

  it('rejects every write of a group whose transaction fails, writing none, and a retry then succeeds', async () => {
    await open(50);
    const stores = writer();
    // Another process holds the write lock past the busy timeout: the group cannot begin.
    reader.prepare('BEGIN IMMEDIATE').run();
    const results = await Promise.allSettled([
      stores.writeGrouped(insert('a')),
      stores.writeGrouped(insert('b')),
    ]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_BUSY' });
    reader.prepare('ROLLBACK').run();
    expect(committedIds()).toEqual([]);
    expect(commits).toBe(0);
    expect(db.inTransaction).toBe(false);
    await Promise.all([stores.writeGrouped(insert('a')), stores.writeGrouped(insert('b'))]);
    expect(committedIds()).toEqual(['a', 'b']);
  });

  it('runs the fence inside every transaction: once it throws, neither write() nor a group writes anything', async () => {
    await open();
    let fenced = false;
    const stores = new SqliteWriter(db, {}, () => {
      // Inside the transaction: the write lock is held, so no other connection can change the answer.
      expect(db.inTransaction).toBe(true);
      if (fenced) throw new DomainError('UNAVAILABLE', 'served by another replica now; retry');
    });
    expect(stores.write(insert('a'))).toBe('a');
    await stores.writeGrouped(insert('b'));
    fenced = true;
    expect(() => stores.write(insert('c'))).toThrow(expect.objectContaining({ code: 'UNAVAILABLE' }));
    const results = await Promise.allSettled([
      stores.writeGrouped(insert('d')),
      stores.writeGrouped(insert('e')),
    ]);
    expect(results).toEqual([
      { status: 'rejected', reason: expect.objectContaining({ code: 'UNAVAILABLE' }) },
      { status: 'rejected', reason: expect.objectContaining({ code: 'UNAVAILABLE' }) },
    ]);
    expect(committedIds()).toEqual(['a', 'b']);
    expect(db.inTransaction).toBe(false);
  });

  it('closes by refusing new grouped writes and finishing the queued ones; write() still works', async () => {
    await open();
    const stores = writer({ groupSizeMax: 2 });
    const queued = ['a', 'b', 'c'].map((id) => stores.writeGrouped(insert(id)));
    await stores.close();
    expect(committedIds()).toEqual(['a', 'b', 'c']);
    await expect(Promise.all(queued)).resolves.toEqual(['a', 'b', 'c']);
    await expect(stores.writeGrouped(insert('d'))).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/retry/),
    });
    expect(stores.write(insert('e'))).toBe('e');
    expect(committedIds()).toEqual(['a', 'b', 'c', 'e']);
    await stores.close();
  });
});
