import { makeTempDir, removeDir } from '@ticketonomics/testing';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { closeDataSource, openSqliteDataSource, rawDatabase } from './sqlite.data-source';

class CreateNotes1700000000000 implements MigrationInterface {
  name = 'CreateNotes1700000000000';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE notes (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES notes (id))');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE notes');
  }
}

describe('openSqliteDataSource', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await makeTempDir('persistence-');
  });

  afterEach(async () => {
    await removeDir(dir);
  });

  it('creates the file under the data dir with WAL, durable commits, a busy timeout and foreign keys', async () => {
    const dataSource = await openSqliteDataSource({
      dataDir: join(dir, 'nested'),
      fileName: 'svc.sqlite',
      migrations: [CreateNotes1700000000000],
      busyTimeoutMs: 1234,
    });
    try {
      expect(existsSync(join(dir, 'nested', 'svc.sqlite'))).toBe(true);
      const db = rawDatabase(dataSource);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(1234);
      expect(() => db.prepare('INSERT INTO notes (id, parent) VALUES (1, 99)').run()).toThrow(/FOREIGN KEY/);
    } finally {
      await closeDataSource(dataSource);
    }
  });

  it('runs each migration once across restarts', async () => {
    const options = {
      dataDir: dir,
      fileName: 'svc.sqlite',
      migrations: [CreateNotes1700000000000],
    };
    await closeDataSource(await openSqliteDataSource(options));
    const again = await openSqliteDataSource(options);
    try {
      const rows = await again.query('SELECT name FROM migrations');
      expect(rows).toEqual([{ name: 'CreateNotes1700000000000' }]);
    } finally {
      await closeDataSource(again);
    }
  });
});
