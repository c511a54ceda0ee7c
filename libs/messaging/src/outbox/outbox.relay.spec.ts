import { EVENT_STREAM, LedgerEvents } from '@ticketonomics/contracts';
import {
  makeTempDir,
  removeDir,
  startNatsServer,
  waitFor,
  type NatsServerHarness,
} from '@ticketonomics/testing';
import Database from 'better-sqlite3';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import { buildEvent } from '../cloud-event';
import { ensureEventStream } from '../event-stream';
import { OutboxRelay } from './outbox.relay';
import { OUTBOX_TABLE_SQL, OutboxStore } from './outbox.store';

const logger = pino({ level: 'silent' });

describe('OutboxRelay', () => {
  let nats: NatsServerHarness;
  let nc: NatsConnection;
  let dir: string;
  let db: Database.Database;
  let store: OutboxStore;

  beforeEach(async () => {
    nats = await startNatsServer();
    nc = await nats.connect('operator', { maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    await ensureEventStream(nc);
    dir = await makeTempDir('outbox-');
    db = new Database(`${dir}/outbox.sqlite`);
    db.pragma('journal_mode = WAL');
    for (const sql of OUTBOX_TABLE_SQL) db.exec(sql);
    store = new OutboxStore(db);
  });

  afterEach(async () => {
    db.close();
    await nc.close();
    await nats.dispose();
    await removeDir(dir);
  });

  const enqueue = (count: number) => {
    const ids: string[] = [];
    db.transaction(() => {
      for (let i = 0; i < count; i += 1) {
        const event = buildEvent(LedgerEvents.policyUpdated, {
          source: 'test',
          communityId: 'c',
          subject: 'c',
          data: { ...LedgerEvents.policyUpdated.example, version: i + 1 },
        });
        store.enqueue(event);
        ids.push(event.id);
      }
    })();
    return ids;
  };

  const streamIds = async () => {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(EVENT_STREAM);
    const ids: string[] = [];
    for (let seq = info.state.first_seq; info.state.messages > 0 && seq <= info.state.last_seq; seq += 1) {
      const msg = await jsm.streams.getMessage(EVENT_STREAM, { seq });
      ids.push(msg?.header.get('Nats-Msg-Id') ?? `no message at seq ${seq}`);
    }
    return ids;
  };

  it('publishes in order with the event id as Nats-Msg-Id and marks rows sent', async () => {
    const ids = enqueue(25);
    const relay = new OutboxRelay(nc, store, logger, { batchSize: 10 });
    expect(await relay.flush()).toBe(25);
    expect(store.unsentCount()).toBe(0);
    expect(await streamIds()).toEqual(ids);
  });

  it('keeps events while NATS is down and delivers each exactly once when it is back', async () => {
    const relay = new OutboxRelay(nc, store, logger, {
      pollIntervalMs: 50,
      backoffInitialMs: 20,
      backoffMaxMs: 200,
      publishTimeoutMs: 500,
    });
    const first = enqueue(5);
    relay.start();
    await waitFor(() => store.unsentCount() === 0, { timeoutMs: 5_000, description: 'first events sent' });
    await nats.stop();
    const second = enqueue(20);
    relay.notify();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(store.unsentCount()).toBe(20);
    await nats.start();
    await waitFor(() => store.unsentCount() === 0, {
      timeoutMs: 15_000,
      description: 'backlog sent after restart',
    });
    await relay.stop();
    expect(await streamIds()).toEqual([...first, ...second]);
  });

  it('republishing rows that were sent but not marked creates no duplicate in the stream', async () => {
    const ids = enqueue(10);
    const relay = new OutboxRelay(nc, store, logger);
    await relay.flush();
    db.exec('UPDATE outbox SET sent_at = NULL WHERE seq % 2 = 0');
    expect(store.unsentCount()).toBe(5);
    await relay.flush();
    expect(store.unsentCount()).toBe(0);
    expect(await streamIds()).toEqual(ids);
  });

  it('prunes sent rows past their retention', async () => {
    enqueue(3);
    await new OutboxRelay(nc, store, logger).flush();
    expect(store.pruneSent(Date.now() + 1, 100)).toBe(3);
    expect(store.unsent(10)).toEqual([]);
  });
});
