import type { Database } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataSource, type MixedList } from 'typeorm';
import type { BetterSqlite3Driver } from 'typeorm/driver/better-sqlite3/BetterSqlite3Driver';

export interface SqliteDataSourceOptions {
  dataDir: string;
  /** File name inside dataDir, such as ledger.sqlite. */
  fileName: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  /** How long a write waits for another process's lock before failing with SQLITE_BUSY. */
  busyTimeoutMs?: number;
  /** FULL makes every commit durable across power loss; NORMAL only across process crashes. */
  synchronous?: 'FULL' | 'NORMAL';
}

export const BUSY_TIMEOUT_MS_DEFAULT = 5_000;

/**
 * Open a service's SQLite store: WAL, durable commits, busy timeout, foreign keys on, and the service's
 * migrations applied. Schema changes come only from migrations; `synchronize` is never used. There are no
 * entities: a table is described once, by its migration, and read and written by its feature's store in SQL.
 */
export async function openSqliteDataSource(options: SqliteDataSourceOptions): Promise<DataSource> {
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const busyTimeoutMs = options.busyTimeoutMs ?? BUSY_TIMEOUT_MS_DEFAULT;
  const synchronous = options.synchronous ?? 'FULL';
  const dataSource = new DataSource({
    type: 'better-sqlite3',
    database: join(dataDir, options.fileName),
    entities: [],
    migrations: options.migrations,
    migrationsRun: false,
    synchronize: false,
    enableWAL: true,
    timeout: busyTimeoutMs,
    statementCacheSize: 200,
    prepareDatabase: (db: Database) => {
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${synchronous}`);
      db.pragma(`busy_timeout = ${busyTimeoutMs}`);
      db.pragma('foreign_keys = ON');
      // Savepoint sub-journals are temp files by default: a disk write per page a savepoint touches.
      db.pragma('temp_store = MEMORY');
    },
  });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}

/**
 * The better-sqlite3 handle behind a DataSource. Hot write paths use it with prepared statements inside
 * synchronous transactions, which is what makes group commit possible on one connection.
 */
export function rawDatabase(dataSource: DataSource): Database {
  const driver = dataSource.driver as BetterSqlite3Driver;
  const db = driver.databaseConnection as Database | undefined;
  if (db === undefined) throw new Error('the data source is not initialized');
  return db;
}

export async function closeDataSource(dataSource: DataSource): Promise<void> {
  if (dataSource.isInitialized) await dataSource.destroy();
}
