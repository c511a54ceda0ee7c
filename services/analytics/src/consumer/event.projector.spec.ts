import { PartitionFence } from '@ticketonomics/partitions';
import { closeDataSource, openSqliteDataSource, rawDatabase } from '@ticketonomics/persistence';
import { makeTempDir, removeDir } from '@ticketonomics/testing';
import type { DataSource } from 'typeorm';
import pino from 'pino';
import { economyStream } from '../../test/support/economy-stream.builder';
import { READ_MODEL_TABLES } from '../migrations/1764800000000-analytics-init';
import { MARKET_SHOP_TABLES } from '../migrations/1764900000000-analytics-market-shop';
import { MARKET_PRICE_TABLES } from '../migrations/1765000000000-analytics-market-price-moves';
import { FLOW_TABLES } from '../migrations/1765100000000-analytics-flows';
import { ANALYTICS_MIGRATIONS, AnalyticsStores } from '../store/analytics.stores';
import { EventProjector, type StreamMessage } from './event.projector';

const logger = pino({ level: 'silent' });
/** Every table the migrations make, the position included. */
const TABLES = [
  'analytics_position',
  ...READ_MODEL_TABLES,
  ...MARKET_SHOP_TABLES,
  ...MARKET_PRICE_TABLES,
  ...FLOW_TABLES,
] as const;
/** The read models a realistic stream must fill, or the comparison proves little. */
const FILLED = [
  'accounts',
  'communities',
  'series_hours',
  'series_days',
  'activity_hours',
  'activity_days',
  'earnings_weeks',
  'market_types',
  'flow_days',
  'reward_mints',
];
const STREAM = economyStream({
  seed: 0x5eed,
  communities: 4,
  members: 30,
  events: 3_000,
  startMs: Date.parse('2026-01-05T08:00:00Z'),
});

interface Replica {
  stores: AnalyticsStores;
  projector: EventProjector;
  dataSource: DataSource;
}

/**
 * The write-behind (each batch's changes kept in memory, each row written once when the batch ends)
 * against applying the same stream one event per transaction: every table must hold the same rows,
 * whatever the batch size, with messages redelivered and a batch that fails on the way.
 */
describe('EventProjector batches', () => {
  let dir: string;
  let replicas: Replica[] = [];
  let oneByOne: Replica;

  const openReplica = async (name: string): Promise<Replica> => {
    const dataSource = await openSqliteDataSource({
      dataDir: dir,
      fileName: `${name}.sqlite`,
      migrations: ANALYTICS_MIGRATIONS,
      synchronous: 'NORMAL',
    });
    const db = rawDatabase(dataSource);
    const fence = new PartitionFence(db, name, name);
    fence.claim();
    const stores = new AnalyticsStores(db, fence);
    const replica = {
      stores,
      projector: new EventProjector(stores, logger, { hourlyKeptDays: 31 }),
      dataSource,
    };
    replicas.push(replica);
    return replica;
  };
  const applyInBatches = (replica: Replica, messages: readonly StreamMessage[], size: number) => {
    for (let start = 0; start < messages.length; start += size) {
      replica.projector.applyBatch(messages.slice(start, start + size));
    }
  };
  const rowsOf = ({ stores }: Replica, table: string): string[] =>
    stores.db
      .prepare(`SELECT * FROM ${table}`)
      .all()
      .map((row) => JSON.stringify(row))
      .sort();
  const expectSameTables = (replica: Replica, reference: Replica) => {
    for (const table of TABLES) {
      expect({ table, rows: rowsOf(replica, table) }).toEqual({ table, rows: rowsOf(reference, table) });
    }
  };

  beforeAll(async () => {
    dir = await makeTempDir('analytics-projector-');
    oneByOne = await openReplica('one-by-one');
    applyInBatches(oneByOne, STREAM, 1);
  });
  afterAll(async () => {
    for (const { dataSource } of replicas) await closeDataSource(dataSource);
    replicas = [];
    await removeDir(dir);
  });

  it('applies a realistic stream that fills every model, one event per transaction', () => {
    for (const table of FILLED)
      expect({ table, empty: rowsOf(oneByOne, table).length === 0 }).toEqual({ table, empty: false });
    const [position] = rowsOf(oneByOne, 'analytics_position').map(
      (row) => JSON.parse(row) as Record<string, number>,
    );
    expect(position).toMatchObject({ applied_seq: STREAM.length, events_malformed: 1 });
  });

  it.each([7, 500])('keeps every table the same in batches of %i', async (size) => {
    const replica = await openReplica(`batches-of-${size}`);
    applyInBatches(replica, STREAM, size);
    expectSameTables(replica, oneByOne);
  });

  it('skips a message delivered again, in the next batch or the same one', async () => {
    const replica = await openReplica('redelivered');
    const half = Math.floor(STREAM.length / 2);
    applyInBatches(replica, STREAM.slice(0, half), 97);
    // The consumer starts again from the stored position: the last message of the previous batch and a
    // message of this one come again.
    const again = [STREAM[half - 1]!, ...STREAM.slice(half, half + 50), STREAM[half + 10]!];
    expect(replica.projector.applyBatch(again)).toMatchObject({ applied: 50, redelivered: 2 });
    applyInBatches(replica, STREAM.slice(half + 50), 211);
    expectSameTables(replica, oneByOne);
  });

  it('leaves nothing of a batch that throws, while applying its events or writing its rows', async () => {
    const replica = await openReplica('failing');
    const { stores, projector } = replica;
    const third = Math.floor(STREAM.length / 3);
    applyInBatches(replica, STREAM.slice(0, third), 100);
    const committed = TABLES.map((table) => rowsOf(replica, table));
    const committedBalance = (accountId: string) =>
      stores.db.prepare('SELECT balance FROM accounts WHERE account_id = ?').pluck().get(accountId);

    // Halfway through the batch's events: the rows of the first half are only pending.
    let seriesAdds = 0;
    const add = stores.series.add.bind(stores.series);
    const failingAdd = jest.spyOn(stores.series, 'add').mockImplementation((...args) => {
      seriesAdds += 1;
      if (seriesAdds === 200) throw new Error('disk full');
      add(...args);
    });
    expect(() => projector.applyBatch(STREAM.slice(third, 2 * third))).toThrow('disk full');
    failingAdd.mockRestore();
    expect(TABLES.map((table) => rowsOf(replica, table))).toEqual(committed);
    // A query outside a write sees the committed balance, not the failed batch's.
    for (const accountId of ['issuance:eq-0', 'treasury:eq-1']) {
      expect(stores.balances.balanceOf(accountId)).toBe(committedBalance(accountId));
    }

    // While writing the rows: the stores flushed before this one wrote theirs, and they roll back too.
    const failingFlush = jest.spyOn(stores.flows, 'flush').mockImplementationOnce(() => {
      throw new Error('disk full');
    });
    expect(() => projector.applyBatch(STREAM.slice(third, 2 * third))).toThrow('disk full');
    failingFlush.mockRestore();
    expect(TABLES.map((table) => rowsOf(replica, table))).toEqual(committed);

    // Applied again from the stored position, the stream ends as if nothing had failed.
    applyInBatches(replica, STREAM.slice(third), 100);
    expectSameTables(replica, oneByOne);
  });
});
