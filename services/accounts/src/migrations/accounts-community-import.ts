import Database from 'better-sqlite3';
import { partitionOf } from '@ticketonomics/partitions';
import { rawDatabase } from '@ticketonomics/persistence';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables a community partition imports, parents first, and how each row names its community. */
const IMPORTED_TABLES: { table: string; where: string }[] = [
  { table: 'communities', where: 'id IN (SELECT value FROM json_each(@communities))' },
  { table: 'community_settings', where: 'community_id IN (SELECT value FROM json_each(@communities))' },
  { table: 'memberships', where: 'community_id IN (SELECT value FROM json_each(@communities))' },
  { table: 'activity', where: 'community_id IN (SELECT value FROM json_each(@communities))' },
  { table: 'api_keys', where: 'community_id IN (SELECT value FROM json_each(@communities))' },
  { table: 'webhooks', where: 'community_id IN (SELECT value FROM json_each(@communities))' },
  {
    table: 'webhook_deliveries',
    where:
      'webhook_id IN (SELECT id FROM webhooks WHERE community_id IN (SELECT value FROM json_each(@communities)))',
  },
];

/**
 * Copies this partition's communities (those hashing to it) with everything of theirs from the file
 * accounts kept before it had community partitions (`sourceFile` beside the partition's own file, now the
 * global partition's), once: as a migration, it runs when the partition's file is new. A fresh volume has no
 * such file, or one without communities, and imports nothing. The source is opened read-only and left as it
 * is, so every partition reads the same rows whichever replica opens it first.
 */
export function communityImportMigration(
  partition: number,
  partitionCount: number,
  sourceFile: string,
): new () => MigrationInterface {
  return class AccountsCommunityImport1765200000002 implements MigrationInterface {
    name = 'AccountsCommunityImport1765200000002';

    async up(queryRunner: QueryRunner): Promise<void> {
      const target = rawDatabase(queryRunner.connection);
      const source = join(dirname(String(queryRunner.connection.options.database)), sourceFile);
      if (!existsSync(source)) return;
      const from = new Database(source, { readonly: true, fileMustExist: true });
      try {
        if (!hasTable(from, 'communities')) return;
        const ids = (from.prepare('SELECT id FROM communities').pluck().all() as string[]).filter(
          (id) => partitionOf(id, partitionCount) === partition,
        );
        if (ids.length === 0) return;
        const communities = JSON.stringify(ids);
        for (const { table, where } of IMPORTED_TABLES) {
          if (!hasTable(from, table)) continue;
          copyRows(from, target, table, where, communities);
        }
      } finally {
        from.close();
      }
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      for (const { table } of [...IMPORTED_TABLES].reverse()) await queryRunner.query(`DELETE FROM ${table}`);
    }
  };
}

function hasTable(db: Database.Database, table: string): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table) !== undefined;
}

function columnsOf(db: Database.Database, table: string): string[] {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((column) => column.name);
}

/** The columns both files have: an older source lacks later columns, which take their defaults here. */
function copyRows(
  from: Database.Database,
  to: Database.Database,
  table: string,
  where: string,
  communities: string,
): void {
  const targetColumns = new Set(columnsOf(to, table));
  const columns = columnsOf(from, table).filter((column) => targetColumns.has(column));
  const list = columns.join(', ');
  const insert = to.prepare(
    `INSERT INTO ${table} (${list}) VALUES (${columns.map((column) => `@${column}`).join(', ')})`,
  );
  const rows = from.prepare(`SELECT ${list} FROM ${table} WHERE ${where}`).iterate({ communities });
  for (const row of rows) insert.run(row as Record<string, unknown>);
}
