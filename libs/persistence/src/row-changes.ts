import type { Database, Statement } from 'better-sqlite3';
import { strict as assert } from 'node:assert';

/**
 * One row's change: its table, whether it now holds `row` ('u', inserted or updated) or was removed ('d',
 * `row` holding its key), and for an update that moved the key, the key it had (`k`).
 */
export interface RowChange {
  t: string;
  o: 'u' | 'd';
  r: Record<string, unknown>;
  k?: Record<string, unknown>;
}

interface TableShape {
  name: string;
  columns: string[];
  /** The primary key's columns; ['rowid'] for a table that has none. */
  key: string[];
  hasRowid: boolean;
}

/** Tables no journal carries: SQLite's own and the migrations' bookkeeping. */
const ALWAYS_SKIPPED = ['migrations', 'typeorm_metadata'];

const CHANGES_TABLE = 'temp.tk_row_changes';
const quote = (name: string): string => {
  assert(/^[A-Za-z_][A-Za-z0-9_]*$/.test(name), `unexpected SQL name ${name}`);
  return `"${name}"`;
};

function shapesOf(db: Database, skipped: readonly string[]): TableShape[] {
  const names = (
    db
      .prepare(
        `SELECT name, sql FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
      )
      .all() as { name: string; sql: string }[]
  ).filter(({ name }) => !ALWAYS_SKIPPED.includes(name) && !skipped.includes(name));
  return names.map(({ name, sql }) => {
    const info = db.prepare(`PRAGMA main.table_info(${quote(name)})`).all() as { name: string; pk: number }[];
    const key = info
      .filter((column) => column.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((column) => column.name);
    const hasRowid = !/\)\s*WITHOUT\s+ROWID\s*$/i.test(sql.trim());
    return {
      name,
      columns: info.map((column) => column.name),
      key: key.length > 0 ? key : ['rowid'],
      hasRowid,
    };
  });
}

const jsonOf = (side: 'NEW' | 'OLD', columns: string[]): string =>
  `json_object(${columns.map((column) => `'${column}', ${side}.${column === 'rowid' ? 'rowid' : quote(column)}`).join(', ')})`;

/**
 * Every row change of a database's tables, caught by temporary triggers on this connection as the
 * statements run: what a commit group changed, in order, as one JSON text that applyRowChanges() replays
 * on another copy. Changes undone by a savepoint or a rollback are undone in the capture too (its table
 * takes part in the transaction). A table created after install() is not captured: install again.
 */
export class RowChangeCapture {
  private readonly drainStatement: Statement;
  private readonly clearStatement: Statement;
  private readonly countStatement: Statement;
  readonly tables: readonly string[];

  constructor(
    private readonly db: Database,
    options: { skip?: readonly string[] } = {},
  ) {
    const shapes = shapesOf(db, options.skip ?? []);
    this.tables = shapes.map((shape) => shape.name);
    db.exec(
      `CREATE TEMP TABLE IF NOT EXISTS tk_row_changes (seq INTEGER PRIMARY KEY, t TEXT NOT NULL, o TEXT NOT NULL, r TEXT NOT NULL, k TEXT)`,
    );
    for (const shape of shapes) db.exec(triggersOf(shape));
    this.drainStatement = db.prepare(
      `SELECT json_group_array(json_object('t', t, 'o', o, 'r', json(r), 'k', json(k))) AS changes, count(*) AS n
       FROM (SELECT t, o, r, k FROM ${CHANGES_TABLE} ORDER BY seq)`,
    );
    this.clearStatement = db.prepare(`DELETE FROM ${CHANGES_TABLE}`);
    // Positions run 1, 2, ... from each drain (a rollback removes the last ones): the highest is the count,
    // read from the key's end instead of counting every row.
    this.countStatement = db.prepare(`SELECT coalesce(max(seq), 0) FROM ${CHANGES_TABLE}`).pluck();
  }

  /** Changes caught and not yet drained. */
  get pending(): number {
    return this.countStatement.get() as number;
  }

  /**
   * The changes caught since the last drain, as a JSON array of RowChange (null when there were none),
   * and forgets them. Called inside the transaction that made them, so a failed commit keeps nothing.
   */
  drain(): { json: string; count: number } | null {
    const { changes, n } = this.drainStatement.get() as { changes: string; n: number };
    if (n === 0) return null;
    this.clearStatement.run();
    return { json: changes, count: n };
  }

  /** Removes the triggers: this connection's writes are no longer caught. */
  uninstall(): void {
    for (const table of this.tables) {
      for (const op of ['ins', 'upd', 'del'])
        this.db.exec(`DROP TRIGGER IF EXISTS temp.tk_rc_${table}_${op}`);
    }
    this.db.exec(`DROP TABLE IF EXISTS ${CHANGES_TABLE}`);
  }
}

function triggersOf(shape: TableShape): string {
  const table = quote(shape.name);
  const all = shape.hasRowid && shape.key[0] === 'rowid' ? ['rowid', ...shape.columns] : shape.columns;
  const keyMoved = shape.key
    .map(
      (column) =>
        `OLD.${column === 'rowid' ? 'rowid' : quote(column)} IS NOT NEW.${column === 'rowid' ? 'rowid' : quote(column)}`,
    )
    .join(' OR ');
  const insert = (op: string, row: string, key = 'NULL') =>
    `INSERT INTO ${CHANGES_TABLE} (t, o, r, k) VALUES ('${shape.name}', '${op}', ${row}, ${key});`;
  return `
    CREATE TEMP TRIGGER IF NOT EXISTS tk_rc_${shape.name}_ins AFTER INSERT ON main.${table}
      BEGIN ${insert('u', jsonOf('NEW', all))} END;
    CREATE TEMP TRIGGER IF NOT EXISTS tk_rc_${shape.name}_upd AFTER UPDATE ON main.${table}
      BEGIN ${insert('u', jsonOf('NEW', all), `CASE WHEN ${keyMoved} THEN ${jsonOf('OLD', shape.key)} END`)} END;
    CREATE TEMP TRIGGER IF NOT EXISTS tk_rc_${shape.name}_del AFTER DELETE ON main.${table}
      BEGIN ${insert('d', jsonOf('OLD', shape.key))} END;`;
}

/**
 * Replays changes caught by RowChangeCapture on a database of the same schema, in order: a row that is
 * there is updated in place (never deleted and inserted again, which foreign keys would refuse), one that
 * is not is inserted, a removed one deleted. Runs in the caller's transaction; a change naming a table or
 * column this schema lacks throws, so a copy never silently diverges.
 */
export class RowChangeApplier {
  private readonly shapes: Map<string, TableShape>;
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly db: Database,
    options: { skip?: readonly string[] } = {},
  ) {
    this.shapes = new Map(shapesOf(db, options.skip ?? []).map((shape) => [shape.name, shape]));
  }

  apply(changes: RowChange[] | string): number {
    const list: RowChange[] = typeof changes === 'string' ? (JSON.parse(changes) as RowChange[]) : changes;
    for (const change of list) {
      const shape = this.shapes.get(change.t);
      if (shape === undefined)
        throw new Error(`a row change of table ${change.t}, which this database lacks`);
      if (change.o === 'd') {
        this.statement(shape, 'delete').run(keyValues(shape, change.r));
        continue;
      }
      if (change.k !== undefined && change.k !== null) {
        this.statement(shape, 'delete').run(keyValues(shape, change.k));
      }
      const columns =
        shape.hasRowid && shape.key[0] === 'rowid' ? ['rowid', ...shape.columns] : shape.columns;
      for (const name of Object.keys(change.r)) {
        if (!columns.includes(name))
          throw new Error(`a row change of ${change.t}.${name}, which this database lacks`);
      }
      this.statement(shape, 'upsert').run(columns.map((column) => change.r[column] ?? null));
    }
    return list.length;
  }

  private statement(shape: TableShape, kind: 'upsert' | 'delete'): Statement {
    const id = `${shape.name}:${kind}`;
    let statement = this.statements.get(id);
    if (statement === undefined) {
      statement = this.db.prepare(kind === 'delete' ? deleteSql(shape) : upsertSql(shape));
      this.statements.set(id, statement);
    }
    return statement;
  }
}

function keyValues(shape: TableShape, row: Record<string, unknown>): unknown[] {
  return shape.key.map((column) => {
    assert(column in row, `a row change of ${shape.name} without its key column ${column}`);
    return row[column];
  });
}

const keyColumnSql = (column: string): string => (column === 'rowid' ? 'rowid' : quote(column));

function deleteSql(shape: TableShape): string {
  return `DELETE FROM main.${quote(shape.name)} WHERE ${shape.key.map((c) => `${keyColumnSql(c)} = ?`).join(' AND ')}`;
}

function upsertSql(shape: TableShape): string {
  const table = `main.${quote(shape.name)}`;
  if (shape.key[0] === 'rowid') {
    // No declared key: the rowid is the row's identity; REPLACE is safe as nothing can reference it.
    const columns = ['rowid', ...shape.columns].map(keyColumnSql);
    return `INSERT OR REPLACE INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
  }
  const columns = shape.columns.map(quote);
  const rest = shape.columns.filter((column) => !shape.key.includes(column));
  const update =
    rest.length === 0
      ? 'DO NOTHING'
      : `DO UPDATE SET ${rest.map((column) => `${quote(column)} = excluded.${quote(column)}`).join(', ')}`;
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
    ON CONFLICT (${shape.key.map(quote).join(', ')}) ${update}`;
}

/**
 * Every row of a database's tables as upserts, a chunk of at most rowsMax at a time: the baseline a copy
 * starts from when the changes before it were never caught. Applied with foreign keys deferred, as the
 * tables come in name order. Each chunk is read as a page by key, so the caller may write between chunks.
 */
export function* rowsAsChanges(
  db: Database,
  options: { skip?: readonly string[]; rowsMax: number },
): Generator<RowChange[]> {
  assert(options.rowsMax > 0, 'rowsMax must be positive');
  for (const shape of shapesOf(db, options.skip ?? [])) {
    const columns = shape.key[0] === 'rowid' ? ['rowid', ...shape.columns] : shape.columns;
    const key = shape.key.map(keyColumnSql).join(', ');
    const select = `SELECT ${columns.map(keyColumnSql).join(', ')} FROM main.${quote(shape.name)}`;
    const first = db.prepare(`${select} ORDER BY ${key} LIMIT ?`);
    const next = db.prepare(
      `${select} WHERE (${key}) > (${shape.key.map(() => '?').join(', ')}) ORDER BY ${key} LIMIT ?`,
    );
    let after: unknown[] | null = null;
    for (;;) {
      const rows = (
        after === null ? first.all(options.rowsMax) : next.all(...after, options.rowsMax)
      ) as Record<string, unknown>[];
      if (rows.length === 0) break;
      yield rows.map((row) => ({ t: shape.name, o: 'u' as const, r: row }));
      const last = rows[rows.length - 1]!;
      after = shape.key.map((column) => last[column]);
      if (rows.length < options.rowsMax) break;
    }
  }
}
