import { DomainError } from '@ticketonomics/contracts';
import {
  closeDataSource,
  openSqliteDataSource,
  rawDatabase,
  RowChangeCapture,
  type RowChange,
} from '@ticketonomics/persistence';
import { makeTempDir, removeDir } from '@ticketonomics/testing';
import type { DataSource } from 'typeorm';
import { LEDGER_MIGRATIONS } from '../store/ledger.migrations';
import { LedgerStores } from '../store/ledger.stores';
import { CommitQueue, type JournalAppender } from './commit-queue';

describe('CommitQueue', () => {
  let dir: string;
  let dataSource: DataSource;
  let stores: LedgerStores;

  beforeEach(async () => {
    dir = await makeTempDir('commit-queue-');
    dataSource = await openSqliteDataSource({
      dataDir: dir,
      fileName: 'q.sqlite',
      migrations: LEDGER_MIGRATIONS,
    });
    stores = new LedgerStores(rawDatabase(dataSource));
  });

  afterEach(async () => {
    await closeDataSource(dataSource);
    await removeDir(dir);
  });

  const open = (id: string) => () =>
    stores.accounts.insert({ id, communityId: 'c', kind: 'user', ownerId: id, createdAt: 0 });

  it('commits concurrent work in one group and reports each outcome on its own', async () => {
    const groups: number[] = [];
    const queue = new CommitQueue(stores);
    queue.onCommitted((size) => groups.push(size));
    const results = await Promise.allSettled([
      queue.submit(open('a')),
      queue.submit(open('a')),
      queue.submit(() => {
        throw new DomainError('NOT_FOUND', 'nope');
      }),
      queue.submit(open('b')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(groups).toEqual([4]);
    expect(stores.accounts.find('a')).toBeDefined();
    expect(stores.accounts.find('b')).toBeDefined();
  });

  it("undoes a failed item's writes and its journal head, keeping the others", async () => {
    const queue = new CommitQueue(stores);
    await queue.submit(open('a'));
    await queue.submit(open('b'));
    const head = stores.journal.snapshot();
    const failing = queue.submit(() => {
      stores.accounts.apply('a', 0, 0, 5);
      stores.journal.append({
        id: 'j1',
        kind: 'posted',
        communityId: 'c',
        debitAccountId: 'a',
        creditAccountId: 'b',
        amount: 5,
        code: 'payment',
        memo: '',
        pendingId: null,
        timeoutMs: null,
        expiresAt: null,
        reversesId: null,
        linkedTo: null,
        debitBalanceAfter: -5,
        creditBalanceAfter: 5,
        createdAt: 0,
      });
      throw new DomainError('INSUFFICIENT_FUNDS', 'no');
    });
    const passing = queue.submit(open('c'));
    await expect(failing).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
    await passing;
    expect(stores.accounts.find('a')?.pendingCredits).toBe(0);
    expect(stores.journal.findById('j1')).toBeUndefined();
    expect(stores.journal.snapshot()).toEqual(head);
  });

  it('splits a long queue into groups of at most groupSizeMax', async () => {
    const groups: number[] = [];
    const queue = new CommitQueue(stores, { groupSizeMax: 3 });
    queue.onCommitted((size) => groups.push(size));
    await Promise.all(Array.from({ length: 7 }, (_, i) => queue.submit(open(`acc-${i}`))));
    expect(groups).toEqual([3, 3, 1]);
  });

  it('counts a batch by its writes, so one big batch fills a group by itself', async () => {
    const groups: number[] = [];
    const queue = new CommitQueue(stores, { groupSizeMax: 10 });
    queue.onCommitted((size) => groups.push(size));
    await Promise.all([
      queue.submit(open('w1'), { weight: 4 }),
      queue.submit(open('w2'), { weight: 4 }),
      queue.submit(open('w3'), { weight: 4 }),
      queue.submit(open('w4'), { weight: 25 }),
    ]);
    expect(groups).toEqual([8, 4, 25]);
  });

  it('lets checked work skip its savepoint, and aborts the whole group when such work fails after writing', async () => {
    const queue = new CommitQueue(stores);
    const checked = { checksBeforeWrites: true } as const;
    const refused = queue.submit(() => {
      throw new DomainError('INSUFFICIENT_FUNDS', 'no');
    }, checked);
    const fine = queue.submit(open('kept'), checked);
    await expect(refused).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
    await expect(fine).resolves.toBeDefined();

    const innocent = queue.submit(open('lost'), checked);
    const buggy = queue.submit(() => {
      stores.accounts.insert({
        id: 'half-written',
        communityId: 'c',
        kind: 'user',
        ownerId: 'h',
        createdAt: 0,
      });
      throw new Error('bug after a write');
    }, checked);
    await expect(buggy).rejects.toThrow('bug after a write');
    await expect(innocent).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(stores.accounts.find('half-written')).toBeUndefined();
    expect(stores.accounts.find('lost')).toBeUndefined();
    expect(stores.accounts.find('kept')).toBeDefined();
    expect(queue.stats.abortedGroups).toBe(1);
  });

  it('refuses work past its queue length and after close, and close waits for queued work', async () => {
    const queue = new CommitQueue(stores, { queueLengthMax: 2 });
    const first = queue.submit(open('a'));
    const second = queue.submit(open('b'));
    await expect(queue.submit(open('c'))).rejects.toMatchObject({ code: 'OVERLOADED' });
    await queue.close();
    await expect(first).resolves.toBeDefined();
    await expect(second).resolves.toBeDefined();
    await expect(queue.submit(open('d'))).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  describe('through a replicated journal', () => {
    /** What the partition's journal is given, and a switch that makes the next appends fail. */
    function journalOf(groupRowsMax = 1_000) {
      const appended: RowChange[][] = [];
      const appendedEvents: string[][] = [];
      const committedEvents: string[][] = [];
      let failing = 0;
      let resyncs = 0;
      const journal: JournalAppender = {
        groupRowsMax,
        resyncRetryMs: 10,
        append: async (changes, events) => {
          await new Promise((resolve) => setImmediate(resolve));
          if (failing > 0) {
            failing -= 1;
            throw new Error('journal out of reach');
          }
          appended.push(JSON.parse(changes) as RowChange[]);
          appendedEvents.push(events.map((event) => event.eventId));
        },
        committed: () => {
          // Handed over only once the group is committed in the file.
          expect(stores.db.inTransaction).toBe(false);
          committedEvents.push(appendedEvents[appendedEvents.length - 1]!);
        },
        resync: async () => {
          // Reading the journal takes a while: writes meanwhile are refused.
          await new Promise((resolve) => setTimeout(resolve, 30));
          resyncs += 1;
          stores.reloadFromFile();
        },
      };
      stores.catchChanges(new RowChangeCapture(stores.db));
      return {
        journal,
        appended,
        appendedEvents,
        committedEvents,
        failNext: (n: number) => (failing = n),
        resyncs: () => resyncs,
      };
    }

    /** Opens an account and raises an event for it, as the ledger's writes do. */
    const openRaising = (id: string) => () => {
      open(id)();
      stores.events.push({ eventId: `opened-${id}`, subject: 'tk.evt.ledger.account.opened', payload: '{}' });
    };

    it("carries the events of a group's writes in its journal message; a write undone drops its own", async () => {
      const { journal, appendedEvents, committedEvents } = journalOf();
      const queue = new CommitQueue(stores, {}, journal);
      const results = await Promise.allSettled([
        queue.submit(openRaising('a')),
        queue.submit(() => {
          openRaising('x')();
          throw new DomainError('LIMIT_EXCEEDED', 'refused after writing');
        }),
        queue.submit(openRaising('b')),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(appendedEvents).toEqual([['opened-a', 'opened-b']]);
      expect(committedEvents).toEqual([['opened-a', 'opened-b']]);
      expect(stores.events.length).toBe(0);
    });

    it('hands over no event of a group the journal refused', async () => {
      const { journal, committedEvents, failNext } = journalOf();
      const queue = new CommitQueue(stores, {}, journal);
      failNext(1);
      await expect(queue.submit(openRaising('a'))).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      await new Promise((resolve) => setTimeout(resolve, 60));
      await queue.submit(openRaising('b'));
      expect(committedEvents).toEqual([['opened-b']]);
    });

    it('aborts the group when a write that skips its savepoint raised an event before failing', async () => {
      const { journal, committedEvents } = journalOf();
      const queue = new CommitQueue(stores, {}, journal);
      const results = await Promise.allSettled([
        queue.submit(openRaising('a')),
        queue.submit(
          () => {
            stores.events.push({ eventId: 'half', subject: 'tk.evt.ledger.x', payload: '{}' });
            throw new DomainError('NOT_FOUND', 'failed after raising an event');
          },
          { checksBeforeWrites: true },
        ),
      ]);
      expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
      await queue.submit(openRaising('b'));
      expect(committedEvents).toEqual([['opened-b']]);
    });

    it('answers a group only once its changes are in the journal, every row of them', async () => {
      const { journal, appended } = journalOf();
      const queue = new CommitQueue(stores, {}, journal);
      await Promise.all([queue.submit(open('a')), queue.submit(open('b'))]);
      expect(appended).toHaveLength(1);
      expect(appended[0]!.map((change) => [change.t, change.o, change.r['id']])).toEqual([
        ['accounts', 'u', 'a'],
        ['accounts', 'u', 'b'],
      ]);
    });

    it('keeps nothing of a group the journal refused, refuses writes until back in step, then goes on', async () => {
      const { journal, appended, failNext, resyncs } = journalOf();
      const queue = new CommitQueue(stores, {}, journal);
      failNext(1);
      const refused = await Promise.allSettled([queue.submit(open('a')), queue.submit(open('b'))]);
      expect(refused.map((r) => r.status)).toEqual(['rejected', 'rejected']);
      expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'UNAVAILABLE' });
      expect(stores.accounts.find('a')).toBeUndefined();
      expect(appended).toEqual([]);
      await expect(queue.submit(open('c'))).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(resyncs()).toBe(1);
      await queue.submit(open('a'));
      expect(stores.accounts.find('a')).toBeDefined();
      // Caught changes of the refused group went with it: the next append holds only its own.
      expect(appended.flat().map((change) => change.r['id'])).toEqual(['a']);
    });

    it('lets a reader wait until no group is in flight, so it reads committed rows only', async () => {
      const { journal } = journalOf();
      const queue = new CommitQueue(stores, {}, journal);
      await expect(queue.settled()).resolves.toBeUndefined();
      const write = queue.submit(open('a'));
      await new Promise((resolve) => setImmediate(resolve));
      // The group's transaction is open while the journal stores it: the row is visible on the connection.
      expect(stores.db.inTransaction).toBe(true);
      await queue.settled();
      expect(stores.db.inTransaction).toBe(false);
      expect(stores.accounts.find('a')).toBeDefined();
      await write;
    });

    it("refuses a whole group the partition's fence stops before the journal is asked, and can close", async () => {
      const { journal, appended } = journalOf();
      let fenced = false;
      stores = new LedgerStores(stores.db, () => {
        if (fenced) throw new DomainError('UNAVAILABLE', 'another replica serves the partition now');
      });
      stores.catchChanges(new RowChangeCapture(stores.db));
      const queue = new CommitQueue(stores, {}, journal);
      await queue.submit(open('a'));
      fenced = true;
      const refused = await Promise.allSettled([queue.submit(open('b')), queue.submit(open('c'))]);
      expect(refused.map((r) => r.status)).toEqual(['rejected', 'rejected']);
      expect((refused[0] as PromiseRejectedResult).reason.message).toMatch(/another replica/);
      await queue.close();
      expect(appended).toHaveLength(1);
    });

    it('closes a group early past groupRowsMax; the rest commit in the next group', async () => {
      const { journal, appended } = journalOf(2);
      const queue = new CommitQueue(stores, {}, journal);
      const groups: number[] = [];
      queue.onCommitted((size) => groups.push(size));
      await Promise.all(['a', 'b', 'c', 'd', 'e'].map((id) => queue.submit(open(id))));
      expect(groups).toEqual([2, 2, 1]);
      expect(appended.map((changes) => changes.length)).toEqual([2, 2, 1]);
    });
  });
});
