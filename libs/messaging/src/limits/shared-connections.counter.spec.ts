import { startNatsServer, waitFor, type NatsServerHarness } from '@ticketonomics/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import { SharedConnectionCounter, type ConnectionSlot } from './shared-connections.counter';
import { SharedLimitsBucket } from './shared-limits.bucket';

const logger = pino({ level: 'silent' });
const LEASE_MS = 1_500;

describe('SharedConnectionCounter (real nats-server)', () => {
  let nats: NatsServerHarness;
  const connections: NatsConnection[] = [];
  const counters: SharedConnectionCounter[] = [];
  let bucketCount = 0;

  beforeAll(async () => {
    nats = await startNatsServer();
  });
  afterEach(() => {
    for (const counter of counters.splice(0)) counter.stop();
  });
  afterAll(async () => {
    for (const connection of connections) await connection.close();
    await nats?.dispose();
  });

  async function replicas(count: number): Promise<SharedConnectionCounter[]> {
    bucketCount += 1;
    const made: SharedConnectionCounter[] = [];
    for (let i = 0; i < count; i += 1) {
      const connection = await nats.connect();
      connections.push(connection);
      const bucket = new SharedLimitsBucket(
        connection,
        { bucket: `tk_limits_conn${bucketCount}`, replicas: 1, ttlMs: 60_000, timeoutMs: 20_000 },
        logger,
      );
      const counter = new SharedConnectionCounter(bucket, {
        name: 'streams',
        leaseMs: LEASE_MS,
        replicaId: `replica-${i}`,
        // Room enough that a loaded machine cannot push an acquire to the local fallback.
        casAttemptsMax: 100,
      });
      counter.start();
      made.push(counter);
    }
    counters.push(...made);
    return made;
  }

  it('holds a cap across replicas acquiring at once, and frees a slot on release', async () => {
    const [a, b, c] = await replicas(3);
    const all = [a!, b!, c!];
    const slots = await Promise.all(Array.from({ length: 12 }, (_, i) => all[i % 3]!.acquire('key-1', 5)));
    const granted = slots.filter((slot): slot is ConnectionSlot => slot !== null);
    expect(granted).toHaveLength(5);
    expect(granted.every((slot) => slot.source === 'kv')).toBe(true);
    expect(await c!.acquire('key-1', 5)).toBeNull();
    // Other scopes count apart.
    expect(await c!.acquire('2001:db8::/64', 5)).not.toBeNull();
    granted[0]!.release();
    granted[0]!.release();
    await waitFor(async () => {
      const slot = await b!.acquire('key-1', 5);
      return slot !== null;
    });
    expect(await a!.acquire('key-1', 5)).toBeNull();
  });

  it('keeps counting a live replica past its lease (renewed), and stops counting a dead one after it', async () => {
    const [alive, dying, other] = await replicas(3);
    expect(await alive!.acquire('key-2', 2)).not.toBeNull();
    expect(await dying!.acquire('key-2', 2)).not.toBeNull();
    expect(await other!.acquire('key-2', 2)).toBeNull();
    // A replica killed: it renews nothing and releases nothing.
    dying!.stop();
    await waitFor(async () => (await other!.acquire('key-2', 2)) !== null, { timeoutMs: 10 * LEASE_MS });
    // The live replica's connection still counts, well past its first lease.
    expect(await other!.acquire('key-2', 2)).toBeNull();
  });

  it('decides with its own count when JetStream does not answer', async () => {
    const plain = await startNatsServer({ jetstream: false });
    const connection = await plain.connect();
    try {
      const bucket = new SharedLimitsBucket(
        connection,
        { bucket: 'tk_limits_off', replicas: 1, ttlMs: 60_000, timeoutMs: 500 },
        logger,
      );
      const counter = new SharedConnectionCounter(bucket, { name: 'streams', leaseMs: LEASE_MS });
      const first = await counter.acquire('k', 2);
      expect(first?.source).toBe('local');
      expect(await counter.acquire('k', 2)).not.toBeNull();
      expect(await counter.acquire('k', 2)).toBeNull();
      first!.release();
      expect(counter.heldBy('k')).toBe(1);
      expect(await counter.acquire('k', 2)).not.toBeNull();
    } finally {
      await connection.close();
      await plain.dispose();
    }
  });
});
