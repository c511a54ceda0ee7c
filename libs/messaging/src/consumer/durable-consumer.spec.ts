import { DomainError, eventSourceOf, LedgerEvents, type CloudEvent } from '@ticketonomics/contracts';
import {
  makeTempDir,
  removeDir,
  startNatsServer,
  waitFor,
  type NatsServerHarness,
} from '@ticketonomics/testing';
import Database from 'better-sqlite3';
import { jetstream } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import { buildEvent } from '../cloud-event';
import { encodeJson } from '../codec';
import { ensureEventStream } from '../event-stream';
import { appliedOnce, DurableConsumer, retryDelayOf } from './durable-consumer';
import { PROCESSED_EVENTS_TABLE_SQL, ProcessedEventsStore } from './processed-events.store';

const logger = pino({ level: 'silent' });

describe('DurableConsumer', () => {
  let nats: NatsServerHarness;
  let nc: NatsConnection;
  let dir: string;
  let db: Database.Database;
  let store: ProcessedEventsStore;

  beforeEach(async () => {
    nats = await startNatsServer();
    nc = await nats.connect();
    await ensureEventStream(nc);
    dir = await makeTempDir('consumer-');
    db = new Database(`${dir}/consumer.sqlite`);
    for (const sql of PROCESSED_EVENTS_TABLE_SQL) db.exec(sql);
    db.exec('CREATE TABLE totals (community TEXT PRIMARY KEY, n INTEGER NOT NULL)');
    store = new ProcessedEventsStore(db);
  });

  afterEach(async () => {
    db.close();
    await nc.close();
    await nats.dispose();
    await removeDir(dir);
  });

  const publish = async (event: CloudEvent, msgId = event.id) => {
    const h = headers();
    h.set('Nats-Msg-Id', msgId);
    await jetstream(nc).publish(event.type, encodeJson(event), { headers: h });
  };

  const event = () =>
    buildEvent(LedgerEvents.policyUpdated, {
      source: eventSourceOf('ledger'),
      communityId: 'c',
      subject: 'c',
      data: LedgerEvents.policyUpdated.example,
    });

  const count = () =>
    (db.prepare("SELECT n FROM totals WHERE community = 'c'").get() as { n: number } | undefined)?.n ?? 0;
  const apply = () => {
    db.prepare(
      "INSERT INTO totals (community, n) VALUES ('c', 1) ON CONFLICT (community) DO UPDATE SET n = n + 1",
    ).run();
  };

  it('applies each event once, even when the same event arrives twice under different message ids', async () => {
    const consumer = new DurableConsumer(nc, appliedOnce(store, 'test-totals', apply), logger, {
      durable: 'test-totals',
      filterSubject: 'tk.evt.>',
    });
    await consumer.start();
    const first = event();
    await publish(first);
    await publish(event());
    await publish(first, `${first.id}-redelivered`);
    await waitFor(() => count() === 2, { timeoutMs: 5_000, description: 'two distinct events applied' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(count()).toBe(2);
    await consumer.stop();
  });

  it('resumes after a restart from where it acknowledged', async () => {
    const consumer = new DurableConsumer(nc, appliedOnce(store, 'test-resume', apply), logger, {
      durable: 'test-resume',
      filterSubject: 'tk.evt.>',
    });
    await consumer.start();
    await publish(event());
    await waitFor(() => count() === 1, { timeoutMs: 5_000, description: 'first event' });
    await consumer.stop();
    await publish(event());
    await publish(event());
    const again = new DurableConsumer(nc, appliedOnce(store, 'test-resume', apply), logger, {
      durable: 'test-resume',
      filterSubject: 'tk.evt.>',
    });
    await again.start();
    await waitFor(() => count() === 3, { timeoutMs: 5_000, description: 'events published while stopped' });
    await again.stop();
  });

  it('drops a message that is not a CloudEvent and keeps going; retries a failing one', async () => {
    let failures = 1;
    const flaky = () => {
      if (failures > 0) {
        failures -= 1;
        throw new Error('store briefly unavailable');
      }
      apply();
    };
    const consumer = new DurableConsumer(nc, appliedOnce(store, 'test-flaky', flaky), logger, {
      durable: 'test-flaky',
      filterSubject: 'tk.evt.>',
      retryDelayMs: 50,
    });
    await consumer.start();
    await jetstream(nc).publish('tk.evt.test.garbage.made', new TextEncoder().encode('not json'));
    await publish(event());
    await waitFor(() => count() === 1, { timeoutMs: 5_000, description: 'event applied after a retry' });
    await consumer.stop();
  });

  it("refuses an event that is not its owner's: another source, or a type published on another subject", async () => {
    const seen: string[] = [];
    const consumer = new DurableConsumer(nc, async (received) => void seen.push(received.id), logger, {
      durable: 'test-owners',
      filterSubject: 'tk.evt.>',
    });
    await consumer.start();
    const forgedSource = { ...event(), source: eventSourceOf('accounts') };
    const wrongSubject = event();
    const h = headers();
    h.set('Nats-Msg-Id', wrongSubject.id);
    await jetstream(nc).publish('tk.evt.ledger.account.opened', encodeJson(wrongSubject), { headers: h });
    await publish(forgedSource);
    const genuine = event();
    await publish(genuine);
    await waitFor(() => seen.length === 1, { timeoutMs: 5_000, description: 'the genuine event' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen).toEqual([genuine.id]);
    await consumer.stop();
  });

  it('waits for an asynchronous handler, one event at a time in stream order; drops one it rejects as invalid', async () => {
    const seen: string[] = [];
    let running = 0;
    const handler = async (received: CloudEvent) => {
      running += 1;
      expect(running).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 20));
      running -= 1;
      if (received.subject === 'poison') {
        throw new DomainError('VALIDATION_FAILED', 'data: not what this consumer reads');
      }
      seen.push(received.id);
    };
    const consumer = new DurableConsumer(nc, handler, logger, {
      durable: 'test-async',
      filterSubject: 'tk.evt.>',
    });
    await consumer.start();
    const first = event();
    const poison = { ...event(), subject: 'poison' };
    const last = event();
    for (const published of [first, poison, last]) await publish(published);
    await waitFor(() => seen.length === 2, { timeoutMs: 5_000, description: 'both good events handled' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen).toEqual([first.id, last.id]);
    await consumer.stop();
  });

  it('with inFlightMax, starts handlers in stream order, runs up to that many at once, and acks each on its own', async () => {
    const started: string[] = [];
    const finished: string[] = [];
    let running = 0;
    let runningMax = 0;
    let failOnce = true;
    const handler = async (received: CloudEvent) => {
      started.push(received.id);
      running += 1;
      runningMax = Math.max(runningMax, running);
      await new Promise((resolve) => setTimeout(resolve, 50));
      running -= 1;
      if (received.subject === 'flaky' && failOnce) {
        failOnce = false;
        throw new Error('commit failed once');
      }
      finished.push(received.id);
    };
    const consumer = new DurableConsumer(nc, handler, logger, {
      durable: 'test-in-flight',
      filterSubject: 'tk.evt.>',
      inFlightMax: 4,
      retryDelayMs: 50,
    });
    const published = Array.from({ length: 12 }, (_, i) =>
      i === 5 ? { ...event(), subject: 'flaky' } : event(),
    );
    for (const each of published) await publish(each);
    await consumer.start();
    await waitFor(() => finished.length === 12, { timeoutMs: 5_000, description: 'every event handled' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(runningMax).toBe(4);
    // The first delivery of each event started in stream order; the failed one came again, once.
    expect(started.slice(0, 12)).toEqual(published.map((each) => each.id));
    expect(started).toHaveLength(13);
    expect([...finished].sort()).toEqual(published.map((each) => each.id).sort());
    await consumer.stop();
  });

  it('taking over from another durable, starts right after the last event that one acknowledged', async () => {
    const seen: string[] = [];
    const old = new DurableConsumer(nc, (received) => void seen.push(`old:${received.id}`), logger, {
      durable: 'test-single',
      filterSubject: 'tk.evt.>',
    });
    await old.start();
    const before = event();
    await publish(before);
    await waitFor(() => seen.length === 1, {
      timeoutMs: 5_000,
      description: 'the old durable read the first',
    });
    await old.stop();
    const gap = [event(), event()];
    for (const each of gap) await publish(each);
    const successor = new DurableConsumer(nc, (received) => void seen.push(`new:${received.id}`), logger, {
      durable: 'test-single-p001',
      filterSubject: 'tk.evt.>',
      deliverFrom: 'new',
      takesOverFrom: 'test-single',
    });
    await successor.start();
    await waitFor(() => seen.length === 3, { timeoutMs: 5_000, description: 'the events of the gap' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen).toEqual([`old:${before.id}`, ...gap.map((each) => `new:${each.id}`)]);
    await successor.stop();
    // Without a durable to take over from, deliverFrom applies: 'new' skips what was published before.
    const fresh = new DurableConsumer(nc, (received) => void seen.push(`fresh:${received.id}`), logger, {
      durable: 'test-fresh',
      filterSubject: 'tk.evt.>',
      deliverFrom: 'new',
      takesOverFrom: 'test-no-such-durable',
    });
    await fresh.start();
    const after = event();
    await publish(after);
    await waitFor(() => seen.length === 4, {
      timeoutMs: 5_000,
      description: 'the event after the fresh start',
    });
    expect(seen[3]).toBe(`fresh:${after.id}`);
    await fresh.stop();
  });
});

describe('retryDelayOf', () => {
  it('doubles from retryDelayMs with each delivery, up to retryDelayMaxMs', () => {
    const options = { retryDelayMs: 1_000, retryDelayMaxMs: 60_000 };
    expect([1, 2, 3, 4, 5, 6, 7, 8, 1_000].map((deliveries) => retryDelayOf(deliveries, options))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000,
    ]);
    expect(retryDelayOf(0, options)).toBe(1_000);
  });
});
