import { DomainError } from '@ticketonomics/contracts';
import {
  closeDataSource,
  openSqliteDataSource,
  rawDatabase,
  sqliteFilePath,
  sqlitePragmas,
} from '@ticketonomics/persistence';
import { makeTempDir, removeDir } from '@ticketonomics/testing';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { LedgerReads } from '../store/ledger.reads';
import { LEDGER_ENTITIES, LEDGER_MIGRATIONS } from '../store/ledger.entities';
import { LedgerWriter } from './ledger-writer';

const logger = pino({ level: 'silent' });

describe('LedgerWriter (the writer thread, started from the TypeScript sources)', () => {
  let dir: string;
  let dataSource: DataSource;
  let writer: LedgerWriter;

  beforeEach(async () => {
    dir = await makeTempDir('ledger-writer-');
    dataSource = await openSqliteDataSource({
      dataDir: dir,
      fileName: 'w.sqlite',
      entities: LEDGER_ENTITIES,
      migrations: LEDGER_MIGRATIONS,
    });
    writer = await LedgerWriter.start(
      {
        dbPath: sqliteFilePath({ dataDir: dir, fileName: 'w.sqlite' }),
        pragmas: sqlitePragmas({}),
        busyTimeoutMs: 1_000,
        groupSizeMax: 2_000,
        queueLengthMax: 1_000,
        expirySweepMs: 60_000,
      },
      logger,
    );
  });

  afterEach(async () => {
    await writer.close();
    await closeDataSource(dataSource);
    await removeDir(dir);
  });

  it('commits the calls of one turn as one group, visible to the read connection, and rebuilds DomainErrors', async () => {
    const reads = new LedgerReads(rawDatabase(dataSource));
    const [a, b, missing] = await Promise.allSettled([
      writer.call('account.open', { communityId: 'c', kind: 'user', ownerId: 'a' }),
      writer.call('account.open', { communityId: 'c', kind: 'user', ownerId: 'b' }),
      writer.call('account.setFrozen', 'user:c:nobody', true, 'test'),
    ]);
    expect(a).toMatchObject({ status: 'fulfilled', value: { id: 'user:c:a' } });
    expect(b).toMatchObject({ status: 'fulfilled', value: { id: 'user:c:b' } });
    expect(missing.status).toBe('rejected');
    const error = (missing as PromiseRejectedResult).reason;
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'NOT_FOUND', details: { field: 'accountId' } });
    expect(writer.stats.groups).toBe(1);
    expect(reads.accounts.find('user:c:a')).toBeDefined();
    // The main thread's connection never writes: the writer thread owns every write.
    expect(() => reads.outbox.markSent([1])).toThrow(/readonly|query_only/i);
  });

  it('answers UNAVAILABLE and reports a failure when the thread dies, and refuses work after close', async () => {
    const failures: Error[] = [];
    writer.onFailure((failure) => failures.push(failure));
    const inFlight = writer.call('journal.verify');
    // Stands in for a crash of the thread (a native fault, or an uncaught error).
    await (writer as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await expect(inFlight).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(failures).toHaveLength(1);
    expect(writer.alive).toBe(false);
    await expect(writer.call('journal.verify')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
