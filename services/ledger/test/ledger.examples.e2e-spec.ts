import {
  LEDGER_EXAMPLE_ORDER,
  LedgerCommands,
  ledgerJournalSubjectOf,
  parseOrThrow,
} from '@ticketonomics/contracts';
import { closeDataSource, openSqliteDataSource, rawDatabase } from '@ticketonomics/persistence';
import { makeTempDir, removeDir } from '@ticketonomics/testing';
import type { Database } from 'better-sqlite3';
import pino from 'pino';
import { JOURNAL_LOCAL_TABLES, JournalReplicator } from '../src/replication/journal.replicator';
import { LedgerStores } from '../src/store/ledger.stores';
import { LEDGER_MIGRATIONS } from '../src/store/ledger.migrations';
import { startLedgerHarness, type LedgerHarness } from './support/ledger.harness';

/**
 * The examples published in libs/contracts (and so in docs/asyncapi.yaml) must work as written against a
 * fresh ledger, in LEDGER_EXAMPLE_ORDER, and each reply must match the command's response schema.
 */
describe('documented examples against a fresh ledger', () => {
  let h: LedgerHarness;
  let stores: LedgerStores;
  let copyDir: string | undefined;

  beforeAll(async () => {
    h = await startLedgerHarness();
    const app = h.service.partitions.appOf(0);
    if (app === undefined) throw new Error('the ledger in this test serves no partition');
    stores = app.get(LedgerStores);
    copyDir = await makeTempDir('tk-ledger-copy-');
  });

  afterAll(async () => {
    await h?.close();
    if (copyDir !== undefined) await removeDir(copyDir);
  });

  it('every command example succeeds in order and its reply matches the response schema', async () => {
    const covered = new Set<string>();
    for (const name of LEDGER_EXAMPLE_ORDER) {
      const command = LedgerCommands[name];
      if (name === 'transferCreate') {
        // The examples pay from alice to bob; bob is opened the same way alice is.
        await h.ok(LedgerCommands.accountOpen.subject, { communityId: 'demo', kind: 'user', ownerId: 'bob' });
      }
      if (name === 'transferPost') {
        for (const id of ['example-hold-1', 'example-hold-2']) {
          await h.ok(LedgerCommands.transferCreate.subject, {
            id,
            debitAccountId: 'user:demo:alice',
            creditAccountId: 'user:demo:bob',
            amount: 30,
            code: 'purchase',
            pending: { timeoutMs: 60_000 },
          });
        }
      }
      if (name === 'transferSettle') {
        // A pool's escrow and one pledge held for it, which the example posts and pays to the treasury.
        await h.ok(LedgerCommands.accountOpen.subject, {
          communityId: 'demo',
          kind: 'escrow',
          ownerId: 'pool-1',
        });
        await h.ok(LedgerCommands.transferCreate.subject, {
          id: 'example-pledge-1',
          debitAccountId: 'user:demo:alice',
          creditAccountId: 'escrow:demo:pool-1',
          amount: 30,
          code: 'pledge',
          pending: { timeoutMs: 60_000 },
        });
      }
      const reply = await h.call(command.subject, command.example);
      expect({ name, reply }).toMatchObject({ name, reply: { ok: true } });
      if (reply.ok) expect(() => parseOrThrow(command.response, reply.data)).not.toThrow();
      if (name === 'transferBatch' && reply.ok) {
        expect((reply.data as { results: { ok: boolean }[] }).results.every((r) => r.ok)).toBe(true);
      }
      covered.add(name);
    }
    expect([...covered].sort()).toEqual(Object.keys(LedgerCommands).sort());
    const verify = await h.ok(LedgerCommands.journalVerify.subject, {});
    expect(verify.ok).toBe(true);
  });

  it('rebuilds the same ledger on a fresh file from its replicated journal alone', async () => {
    const dataSource = await openSqliteDataSource({
      dataDir: copyDir!,
      fileName: 'rebuilt.sqlite',
      migrations: LEDGER_MIGRATIONS,
    });
    try {
      const rebuilt = rawDatabase(dataSource);
      const replicator = new JournalReplicator(h.nc, rebuilt, pino({ level: 'silent' }), {
        subject: ledgerJournalSubjectOf('p000'),
        replicas: 1,
      });
      const { replayed } = await replicator.open();
      expect(replayed).toBe(replicator.last.group);
      expect(replayed).toBeGreaterThan(0);
      const tables = (db: Database) =>
        (
          db
            .prepare(
              "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1",
            )
            .pluck()
            .all() as string[]
        ).filter((table) => !JOURNAL_LOCAL_TABLES.includes(table) && table !== 'migrations');
      expect(tables(rebuilt)).toEqual(expect.arrayContaining(['accounts', 'transfers', 'holds', 'outbox']));
      // How far events are published moves on its own, about a second after they go out: never past the live file.
      const published = (db: Database) =>
        (db.prepare('SELECT journal_group FROM events_published').pluck().get() as number | undefined) ?? 0;
      expect(published(rebuilt)).toBeLessThanOrEqual(published(stores.db));
      for (const table of tables(stores.db).filter((name) => name !== 'events_published')) {
        const rows = (db: Database) => db.prepare(`SELECT * FROM "${table}" ORDER BY 1, 2`).all();
        expect({ table, rows: rows(rebuilt) }).toEqual({ table, rows: rows(stores.db) });
      }
    } finally {
      await closeDataSource(dataSource);
    }
  });
});
