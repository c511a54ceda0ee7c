import {
  closeDataSource,
  openSqliteDataSource,
  rawDatabase,
  RowChangeCapture,
} from '@ticketonomics/persistence';
import { makeTempDir, removeDir } from '@ticketonomics/testing';
import { defer, firstValueFrom, of } from 'rxjs';
import type { DataSource } from 'typeorm';
import { LEDGER_MIGRATIONS } from '../store/ledger.migrations';
import { LedgerStores } from '../store/ledger.stores';
import { CommitQueue, type JournalAppender } from './commit-queue';
import { CommittedReadsInterceptor } from './committed-reads.interceptor';

describe('CommittedReadsInterceptor', () => {
  let dir: string;
  let dataSource: DataSource;
  let stores: LedgerStores;

  beforeEach(async () => {
    dir = await makeTempDir('committed-reads-');
    dataSource = await openSqliteDataSource({
      dataDir: dir,
      fileName: 'r.sqlite',
      migrations: LEDGER_MIGRATIONS,
    });
    stores = new LedgerStores(rawDatabase(dataSource));
    stores.catchChanges(new RowChangeCapture(stores.db));
  });

  afterEach(async () => {
    await closeDataSource(dataSource);
    await removeDir(dir);
  });

  /** A journal whose next append waits until the test lets it succeed or fail. */
  function gatedJournal() {
    let release: (ok: boolean) => void = () => undefined;
    const journal: JournalAppender = {
      groupRowsMax: 1_000,
      resyncRetryMs: 10,
      append: () =>
        new Promise<void>((resolve, reject) => {
          release = (ok) => (ok ? resolve() : reject(new Error('journal out of reach')));
        }),
      resync: async () => stores.reloadFromFile(),
      committed: () => undefined,
    };
    return { journal, release: (ok: boolean) => release(ok) };
  }

  const readAccount = (interceptor: CommittedReadsInterceptor, id: string) =>
    firstValueFrom(
      interceptor.intercept(undefined, { handle: () => defer(() => of(stores.accounts.find(id) ?? null)) }),
    );
  const open = (id: string) => () =>
    stores.accounts.insert({ id, communityId: 'c', kind: 'user', ownerId: id, createdAt: 0 });

  it('never shows a write the journal then refuses', async () => {
    const { journal, release } = gatedJournal();
    const queue = new CommitQueue(stores, {}, journal);
    const write = queue.submit(open('a'));
    await new Promise((resolve) => setImmediate(resolve));
    // The control: the group's row is visible on the shared connection while the journal is asked.
    expect(stores.accounts.find('a')).toBeDefined();

    const read = readAccount(new CommittedReadsInterceptor(queue), 'a');
    release(false);
    await expect(write).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(await read).toBeNull();
  });

  it('shows a write once the journal holds it and it is committed', async () => {
    const { journal, release } = gatedJournal();
    const queue = new CommitQueue(stores, {}, journal);
    const write = queue.submit(open('b'));
    await new Promise((resolve) => setImmediate(resolve));
    const read = readAccount(new CommittedReadsInterceptor(queue), 'b');
    release(true);
    await write;
    expect(await read).toMatchObject({ id: 'b' });
  });
});
