import { startNatsServer, type NatsServerHarness } from '@ticketonomics/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import { SharedLimitsBucket } from './shared-limits.bucket';
import { SharedSlidingWindow } from './shared-sliding.window';

const WINDOW_MS = 1_000;
const logger = pino({ level: 'silent' });

describe('SharedSlidingWindow (real nats-server)', () => {
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

  /** Replicas of one service: each its own connection, bucket handle and window, on one bucket. */
  async function replicas(count: number): Promise<SharedSlidingWindow[]> {
    bucketCount += 1;
    const windows: SharedSlidingWindow[] = [];
    for (let i = 0; i < count; i += 1) {
      const connection = await nats.connect();
      connections.push(connection);
      const bucket = new SharedLimitsBucket(
        connection,
        { bucket: `tk_limits_slide${bucketCount}`, replicas: 1, ttlMs: 60_000, timeoutMs: 2_000 },
        logger,
      );
      expect(await bucket.open()).toBe(true);
      windows.push(new SharedSlidingWindow(bucket, { name: 'sends', localKeysMax: 100 }));
    }
    return windows;
  }

  const now = 1_700_000_000_000;

  it('slides: a slot frees exactly one window after it was taken, not at a fixed edge', async () => {
    const [first, second] = await replicas(2);
    expect((await first!.take('chat-1', 2, WINDOW_MS, now + 990)).allowed).toBe(true);
    expect((await second!.take('chat-1', 2, WINDOW_MS, now + 995)).allowed).toBe(true);
    // A fixed window would start over at now + 1000; the slots taken at 990 and 995 still count.
    const refused = await first!.take('chat-1', 2, WINDOW_MS, now + 1_010);
    expect([refused.allowed, refused.waitMs, refused.source]).toEqual([false, 980, 'kv']);
    expect((await second!.take('chat-1', 2, WINDOW_MS, now + 1_990)).allowed).toBe(true);
    expect((await first!.take('chat-1', 2, WINDOW_MS, now + 1_991)).allowed).toBe(false);
    expect((await first!.take('chat-1', 2, WINDOW_MS, now + 1_996)).allowed).toBe(true);
  });

  it('holds the limit across replicas taking one key at once (compare-and-set)', async () => {
    const windows = await replicas(3);
    const slots = await Promise.all(
      Array.from({ length: 30 }, (_, i) => windows[i % 3]!.take('global', 7, WINDOW_MS, now + i)),
    );
    expect(slots.filter((slot) => slot.allowed)).toHaveLength(7);
    expect(slots.every((slot) => slot.source === 'kv')).toBe(true);
  });

  it('gives a slot back on any replica', async () => {
    const [first, second] = await replicas(2);
    const slot = await first!.take('group-1', 1, WINDOW_MS, now);
    expect((await second!.take('group-1', 1, WINDOW_MS, now + 1)).allowed).toBe(false);
    await second!.giveBack('group-1', WINDOW_MS, slot);
    expect((await second!.take('group-1', 1, WINDOW_MS, now + 2)).allowed).toBe(true);
  });

  it('decides in the process alone, with the same limit, when JetStream does not answer', async () => {
    const plain = await startNatsServer({ jetstream: false });
    const connection = await plain.connect();
    try {
      const bucket = new SharedLimitsBucket(
        connection,
        { bucket: 'tk_limits_slide_off', replicas: 1, ttlMs: 60_000, timeoutMs: 500 },
        logger,
      );
      expect(await bucket.open()).toBe(false);
      const window = new SharedSlidingWindow(bucket, { name: 'sends', localKeysMax: 10 });
      const slots = [];
      for (let i = 0; i < 3; i += 1) slots.push(await window.take('a', 2, WINDOW_MS, now + i));
      expect(slots.map((slot) => [slot.allowed, slot.source])).toEqual([
        [true, 'local'],
        [true, 'local'],
        [false, 'local'],
      ]);
      await window.giveBack('a', WINDOW_MS, slots[0]!);
      expect((await window.take('a', 2, WINDOW_MS, now + 3)).allowed).toBe(true);
    } finally {
      await connection.close();
      await plain.dispose();
    }
  });
});
