import { startNatsServer, waitFor, type NatsServerHarness } from '@ticketonomics/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import { LeaseTable } from './lease.table';
import { PartitionBalancer, type PartitionCloseReason, type PartitionHost } from './partition.balancer';

const PARTITIONS = 12;
const TTL_MS = 1_500;
const ROUND_MS = 250;

/** Who serves each partition now, as the hosts report it: a partition served twice is a bug. */
class Serving {
  readonly servers = new Map<number, Set<string>>();
  readonly doubles: string[] = [];
  readonly closes: { replica: string; partition: number; reason: PartitionCloseReason }[] = [];

  host(replica: string): PartitionHost {
    return {
      open: async (partition) => {
        const set = this.servers.get(partition) ?? new Set<string>();
        if (set.size > 0) this.doubles.push(`p${partition}: ${replica} opened while ${[...set]} served`);
        set.add(replica);
        this.servers.set(partition, set);
      },
      close: async (partition, reason) => {
        this.servers.get(partition)?.delete(replica);
        this.closes.push({ replica, partition, reason });
      },
    };
  }

  countOf(replica: string): number {
    return [...this.servers.values()].filter((set) => set.has(replica)).length;
  }

  servedCount(): number {
    return [...this.servers.values()].filter((set) => set.size > 0).length;
  }
}

describe('PartitionBalancer (real nats-server)', () => {
  let nats: NatsServerHarness;
  const connections: NatsConnection[] = [];
  const balancers: PartitionBalancer[] = [];
  let bucketCount = 0;
  let bucket = '';

  beforeAll(async () => {
    nats = await startNatsServer();
  });
  afterEach(async () => {
    await Promise.all(balancers.splice(0).map((balancer) => balancer.stop().catch(() => undefined)));
    await Promise.all(connections.splice(0).map((connection) => connection.close().catch(() => undefined)));
  });
  afterAll(async () => {
    await nats?.dispose();
  });
  beforeEach(() => {
    bucketCount += 1;
    bucket = `tk_leases_balancer${bucketCount}`;
  });

  async function replica(
    id: string,
    serving: Serving,
    hostLabel = id,
  ): Promise<{ balancer: PartitionBalancer; connection: NatsConnection }> {
    const connection = await nats.connect();
    connections.push(connection);
    const leases = await LeaseTable.open(connection, {
      bucket,
      ttlMs: TTL_MS,
      replicas: 1,
      timeoutMs: 1_000,
    });
    const balancer = new PartitionBalancer({
      replicaId: id,
      partitionCount: PARTITIONS,
      leases,
      host: serving.host(hostLabel),
      logger: pino({ level: 'silent' }),
      roundMs: ROUND_MS,
    });
    balancers.push(balancer);
    await balancer.start();
    return { balancer, connection };
  }

  function spreadOf(serving: Serving, ids: string[]): number[] {
    return ids.map((id) => serving.countOf(id));
  }

  it('spreads the partitions evenly over the replicas, each served once', async () => {
    const serving = new Serving();
    await Promise.all(['a', 'b', 'c'].map((id) => replica(id, serving)));
    await waitFor(() => spreadOf(serving, ['a', 'b', 'c']).every((n) => n === 4), { timeoutMs: 10_000 });
    expect(serving.servedCount()).toBe(PARTITIONS);
    expect(serving.doubles).toEqual([]);
  });

  it('moves partitions to a replica that joins and back when it leaves, without serving any twice', async () => {
    const serving = new Serving();
    await replica('a', serving);
    await replica('b', serving);
    await waitFor(() => spreadOf(serving, ['a', 'b']).every((n) => n === 6), { timeoutMs: 10_000 });

    const c = await replica('c', serving);
    await waitFor(() => spreadOf(serving, ['a', 'b', 'c']).every((n) => n === 4), { timeoutMs: 10_000 });
    expect(serving.closes.every((close) => close.reason === 'rebalance')).toBe(true);

    // Leaving cleanly gives the leases back at once: no waiting for them to expire.
    const leftAt = Date.now();
    await c.balancer.stop();
    await waitFor(() => spreadOf(serving, ['a', 'b']).every((n) => n === 6), { timeoutMs: 10_000 });
    expect(Date.now() - leftAt).toBeLessThan(TTL_MS);
    expect(serving.servedCount()).toBe(PARTITIONS);
    expect(serving.doubles).toEqual([]);
  });

  it('takes over the partitions of a replica that is cut off, after it stopped serving them', async () => {
    const serving = new Serving();
    await replica('a', serving);
    const b = await replica('b', serving);
    await waitFor(() => spreadOf(serving, ['a', 'b']).every((n) => n === 6), { timeoutMs: 10_000 });

    // Its connection gone, b can renew nothing: it closes its partitions before their leases expire.
    const cutAt = Date.now();
    await b.connection.close();
    await waitFor(() => serving.countOf('a') === PARTITIONS, { timeoutMs: 15_000 });
    const takeoverMs = Date.now() - cutAt;
    expect(takeoverMs).toBeGreaterThanOrEqual(TTL_MS - 2 * ROUND_MS);
    expect(serving.countOf('b')).toBe(0);
    expect(serving.closes.filter((close) => close.replica === 'b').map((close) => close.reason)).toEqual(
      new Array(6).fill('lost'),
    );
  });

  it('gives a replica restarted under its name its partitions back at once, before they could expire', async () => {
    const serving = new Serving();
    const first = await replica('a', serving, 'a-first-run');
    await replica('b', serving);
    await waitFor(() => spreadOf(serving, ['a-first-run', 'b']).every((n) => n === 6), { timeoutMs: 10_000 });
    const held = [...serving.servers]
      .filter(([, set]) => set.has('a-first-run'))
      .map(([p]) => p)
      .sort();

    // A crash: the first run stops renewing (its connection is gone) and never hands anything back.
    await first.connection.close();
    const restartedAt = Date.now();
    await replica('a', serving, 'a-second-run');
    const tookBackMs = Date.now() - restartedAt;
    const heldAgain = [...serving.servers]
      .filter(([, set]) => set.has('a-second-run'))
      .map(([p]) => p)
      .sort();
    expect(heldAgain).toEqual(held);
    expect(tookBackMs).toBeLessThan(TTL_MS);
    expect(serving.countOf('b')).toBe(6);
  });

  it('keeps a partition whose opening outlasts its lease (a rebuild from the journal), renewing it meanwhile', async () => {
    const serving = new Serving();
    const connection = await nats.connect();
    connections.push(connection);
    const leases = await LeaseTable.open(connection, {
      bucket,
      ttlMs: TTL_MS,
      replicas: 1,
      timeoutMs: 1_000,
    });
    const host = serving.host('slow');
    const balancer = new PartitionBalancer({
      replicaId: 'slow',
      partitionCount: 1,
      leases,
      // Opening takes three lease lifetimes.
      host: {
        ...host,
        open: async (partition) => {
          await new Promise((resolve) => setTimeout(resolve, 3 * TTL_MS));
          await host.open(partition);
        },
      },
      logger: pino({ level: 'silent' }),
      roundMs: ROUND_MS,
    });
    balancers.push(balancer);
    await balancer.start();
    await waitFor(() => serving.countOf('slow') === 1, { timeoutMs: 4 * TTL_MS + 2_000 });
    // Served on for several more rounds: the lease it renewed while opening is still its own.
    await new Promise((resolve) => setTimeout(resolve, 2 * TTL_MS));
    expect(serving.countOf('slow')).toBe(1);
    expect(serving.closes).toEqual([]);
  }, 20_000);
});
