import { LEDGER_EXAMPLE_ORDER, LedgerCommands, parseOrThrow } from '@ticketonomics/contracts';
import { RowChangeApplier, RowChangeCapture } from '@ticketonomics/persistence';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { LedgerStores } from '../src/store/ledger.stores';
import { makeTempDir, removeDir } from '@ticketonomics/testing';
import { startLedgerHarness, type LedgerHarness } from './support/ledger.harness';

/** Relayed, not state: the events it holds go out and are deleted. */
const NOT_STATE = ['outbox'];

/**
 * The examples published in libs/contracts (and so in docs/asyncapi.yaml) must work as written against a
 * fresh ledger, in LEDGER_EXAMPLE_ORDER, and each reply must match the command's response schema.
 */
describe('documented examples against a fresh ledger', () => {
  let h: LedgerHarness;
  let stores: LedgerStores;
  let capture: RowChangeCapture;
  let before: string;
  let copyDir: string | undefined;

  beforeAll(async () => {
    h = await startLedgerHarness();
    const app = h.service.partitions.appOf(0);
    if (app === undefined) throw new Error('the ledger in this test serves no partition');
    stores = app.get(LedgerStores);
    // Every row the examples write, caught on the ledger's own connection from a copy of the file onward.
    copyDir = await makeTempDir('tk-ledger-copy-');
    before = join(copyDir, 'before.sqlite');
    stores.db.prepare('VACUUM INTO ?').run(before);
    capture = new RowChangeCapture(stores.db, { skip: NOT_STATE });
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

  it('replays every row change the examples made onto a copy taken before them: the same ledger', () => {
    const drained = capture.drain();
    expect(drained).not.toBeNull();
    const copy = new Database(before);
    try {
      const applier = new RowChangeApplier(copy, { skip: NOT_STATE });
      copy.transaction(() => applier.apply(drained!.json))();
      for (const table of capture.tables) {
        const rows = (db: Database.Database) => db.prepare(`SELECT * FROM "${table}" ORDER BY 1, 2`).all();
        expect({ table, rows: rows(copy) }).toEqual({ table, rows: rows(stores.db) });
      }
      expect(capture.tables).toEqual(expect.arrayContaining(['accounts', 'transfers', 'holds', 'policies']));
    } finally {
      copy.close();
    }
  });
});
