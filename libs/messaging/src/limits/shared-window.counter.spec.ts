import { startNatsServer, type NatsServerHarness } from '@ticketonomics/testing';
import { Bucket, Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import { SharedLimitsBucket } from './shared-limits.bucket';
import { SharedWindowCounter } from './shared-window.counter';

const WINDOW_MS = 60_000;
const logger = pino({ level: 'silent' });

describe('SharedWindowCounter (real nats-server)', () => {
  let nats: NatsServerHarness;
  const connections: NatsConnection[] = [];
  let bucketCount = 0;

  beforeAll(async () => {
    nats = await startNatsServer();
  });
  afterAll(async () => {
    for (const connection of connections) await connection.close();
    await nats?.dispose();
  });

  /** Replicas of one service: each its own connection, bucket handle and counter, on one bucket. */
  async function replicas(
    count: number,
    { timeoutMs = 2_000, casAttemptsMax }: { timeoutMs?: number; casAttemptsMax?: number } = {},
  ): Promise<SharedWindowCounter[]> {
    bucketCount += 1;
    const counters: SharedWindowCounter[] = [];
    for (let i = 0; i < count; i += 1) {
      const connection = await nats.connect();
      connections.push(connection);
      const bucket = new SharedLimitsBucket(
        connection,
        { bucket: `tk_limits_test${bucketCount}`, replicas: 1, ttlMs: 2 * WINDOW_MS, timeoutMs },
        logger,
      );
      expect(await bucket.open()).toBe(true);
      counters.push(new SharedWindowCounter(bucket, { name: 'hits', localKeysMax: 100, casAttemptsMax }));
    }
    return counters;
  }

  const now = 10 * WINDOW_MS + 15_000;

  it('counts up to the limit in the bucket, says what is left, and starts over in the next window', async () => {
    const [counter] = await replicas(1);
    const hits = [];
    for (let i = 0; i < 3; i += 1) hits.push(await counter!.hit('203.0.113.7', 2, WINDOW_MS, now));
    expect(hits.map((hit) => [hit.allowed, hit.count, hit.remaining, hit.source])).toEqual([
      [true, 1, 1, 'kv'],
      [true, 2, 0, 'kv'],
      [false, 2, 0, 'kv'],
    ]);
    expect(hits[0]!.resetMs).toBe(45_000);
    expect((await counter!.hit('203.0.113.7', 2, WINDOW_MS, now + WINDOW_MS)).allowed).toBe(true);
    // Another key, and the same key in another limit's window length, count apart.
    expect((await counter!.hit('2001:db8::/64', 2, WINDOW_MS, now)).count).toBe(1);
    expect((await counter!.hit('203.0.113.7', 2, 10_000, now)).count).toBe(1);
  });

  it('holds the limit across replicas hitting one key at once (compare-and-set on one window)', async () => {
    // Room enough that a loaded machine cannot push a hit to the local fallback: this is about compare-and-set.
    const counters = await replicas(3, { timeoutMs: 20_000, casAttemptsMax: 100 });
    const hits = await Promise.all(
      Array.from({ length: 30 }, (_, i) => counters[i % 3]!.hit('key-1', 10, WINDOW_MS, now)),
    );
    expect(hits.filter((hit) => hit.allowed)).toHaveLength(10);
    expect(hits.every((hit) => hit.source === 'kv')).toBe(true);
  });

  /**
   * The window's stored count and how many writes the bucket took: a fresh bucket per test holds this one
   * key, so its revision (the bucket stream's last sequence) is the number of creates and updates.
   */
  async function stored(window: number, key: string): Promise<{ count: number; writes: number }> {
    const kv = await new Kvm(connections[0]!).open(`tk_limits_test${bucketCount}`);
    const entry = await kv.get(`w.hits.${key}.${WINDOW_MS}.${window}`);
    return { count: Number(entry!.string()), writes: entry!.revision };
  }

  it('counts a burst on one key exactly, in far fewer writes than hits (batched compare-and-set)', async () => {
    const [counter] = await replicas(1);
    const hitsCount = 400;
    const limit = 300;
    const hits = await Promise.all(
      Array.from({ length: hitsCount }, () => counter!.hit('burst', limit, WINDOW_MS, now)),
    );
    const allowed = hits.filter((hit) => hit.allowed);
    expect(allowed).toHaveLength(limit);
    expect(hits.every((hit) => hit.source === 'kv')).toBe(true);
    // Each allowed hit has its own place in the count, as if counted one after the other.
    expect(new Set(allowed.map((hit) => hit.count)).size).toBe(limit);
    expect(Math.max(...allowed.map((hit) => hit.count))).toBe(limit);
    expect(
      hits.filter((hit) => !hit.allowed).every((hit) => hit.count === limit && hit.remaining === 0),
    ).toBe(true);
    const window = Math.floor(now / WINDOW_MS);
    const { count, writes } = await stored(window, 'burst');
    expect(count).toBe(limit);
    expect(writes).toBeLessThanOrEqual(10);

    // Waves arriving while a batch is in flight join the next batch: still exact, still few writes.
    const waves = [];
    for (let wave = 0; wave < 5; wave += 1) {
      waves.push(...Array.from({ length: 40 }, () => counter!.hit('waves', 150, WINDOW_MS, now)));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const waved = await Promise.all(waves);
    expect(waved.filter((hit) => hit.allowed)).toHaveLength(150);
    expect((await counter!.hit('waves', 150, WINDOW_MS, now)).allowed).toBe(false);
  });

  it('never lets a burst on several replicas at once past the shared limit', async () => {
    const counters = await replicas(3, { timeoutMs: 20_000, casAttemptsMax: 100 });
    const hitsCount = 600;
    const limit = 250;
    const hits = await Promise.all(
      Array.from({ length: hitsCount }, (_, i) => counters[i % 3]!.hit('shared', limit, WINDOW_MS, now)),
    );
    expect(hits.filter((hit) => hit.allowed)).toHaveLength(limit);
    expect(hits.every((hit) => hit.source === 'kv')).toBe(true);
    const { count, writes } = await stored(Math.floor(now / WINDOW_MS), 'shared');
    expect(count).toBe(limit);
    expect(writes).toBeLessThan(hitsCount / 10);
  });

  it("reads a window only when its own last write may be stale: another replica's hit or undo", async () => {
    const [first, second] = await replicas(2);
    const reads = jest.spyOn(Bucket.prototype, 'get');
    try {
      const hits = [];
      for (let i = 0; i < 4; i += 1) hits.push(await first!.hit('key-3', 10, WINDOW_MS, now));
      expect(hits.map((hit) => hit.count)).toEqual([1, 2, 3, 4]);
      // The first hit read the window; the next three wrote on the revision this process had written.
      expect(reads).toHaveBeenCalledTimes(1);
      // Another replica's hit: the next write at the remembered revision fails, so it reads, and counts 6.
      expect((await second!.hit('key-3', 10, WINDOW_MS, now)).count).toBe(5);
      expect((await first!.hit('key-3', 10, WINDOW_MS, now)).count).toBe(6);
    } finally {
      reads.mockRestore();
    }
    // At the limit by what it remembers, but another replica gave a hit back: it reads before refusing.
    const [a, b] = await replicas(2);
    const counted = await a!.hit('key-4', 1, WINDOW_MS, now);
    await b!.undo('key-4', WINDOW_MS, counted);
    expect((await a!.hit('key-4', 1, WINDOW_MS, now)).allowed).toBe(true);
    expect((await a!.hit('key-4', 1, WINDOW_MS, now)).allowed).toBe(false);
  });

  it('gives a hit back with undo, on any replica, in its own window only', async () => {
    const [first, second] = await replicas(2);
    const a = await first!.hit('key-2', 2, WINDOW_MS, now);
    await first!.hit('key-2', 2, WINDOW_MS, now);
    expect((await second!.hit('key-2', 2, WINDOW_MS, now)).allowed).toBe(false);
    await second!.undo('key-2', WINDOW_MS, a);
    expect((await first!.hit('key-2', 2, WINDOW_MS, now)).allowed).toBe(true);
    await first!.undo('key-2', WINDOW_MS, a);
    const later = await first!.hit('key-2', 2, WINDOW_MS, now + WINDOW_MS);
    await first!.undo('key-2', WINDOW_MS, a);
    expect((await first!.hit('key-2', 2, WINDOW_MS, now + WINDOW_MS)).count).toBe(later.count + 1);
  });

  it('counts in the process alone, with the same limit, when JetStream does not answer', async () => {
    const plain = await startNatsServer({ jetstream: false });
    const connection = await plain.connect();
    try {
      const bucket = new SharedLimitsBucket(
        connection,
        { bucket: 'tk_limits_off', replicas: 1, ttlMs: 2 * WINDOW_MS, timeoutMs: 500 },
        logger,
      );
      expect(await bucket.open()).toBe(false);
      let locals = 0;
      const counter = new SharedWindowCounter(bucket, {
        name: 'hits',
        localKeysMax: 10,
        onLocal: () => (locals += 1),
      });
      const hits = [];
      for (let i = 0; i < 3; i += 1) hits.push(await counter.hit('a', 2, WINDOW_MS, now));
      expect(hits.map((hit) => [hit.allowed, hit.source])).toEqual([
        [true, 'local'],
        [true, 'local'],
        [false, 'local'],
      ]);
      await counter.undo('a', WINDOW_MS, hits[0]!);
      expect((await counter.hit('a', 2, WINDOW_MS, now)).allowed).toBe(true);
      expect(locals).toBe(4);
    } finally {
      await connection.close();
      await plain.dispose();
    }
  });

  it('falls back within its timeout when NATS stops, and counts in the bucket again once it is back', async () => {
    const own = await startNatsServer();
    const connection = await own.connect(undefined, { maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    try {
      const bucket = new SharedLimitsBucket(
        connection,
        { bucket: 'tk_limits_restart', replicas: 1, ttlMs: 2 * WINDOW_MS, timeoutMs: 300, retryAfterMs: 200 },
        logger,
      );
      const counter = new SharedWindowCounter(bucket, { name: 'hits', localKeysMax: 10 });
      expect((await counter.hit('b', 5, WINDOW_MS)).source).toBe('kv');
      await own.stop();
      expect((await counter.hit('b', 5, WINDOW_MS)).source).toBe('local');
      await own.start();
      let source = 'local';
      for (let attempt = 0; attempt < 100 && source === 'local'; attempt += 1) {
        source = (await counter.hit('b', 1_000, WINDOW_MS)).source;
        if (source === 'local') await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(source).toBe('kv');
    } finally {
      await connection.close();
      await own.dispose();
    }
  });
});
