import { startNatsServer, waitFor, type NatsServerHarness } from '@ticketonomics/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import { LeaseTable } from './lease.table';

/** A replica's run: the same replica restarted is another incarnation. */
const run = (holder: string, incarnation = 'first') => ({ holder, incarnation });

describe('LeaseTable (real nats-server)', () => {
  let nats: NatsServerHarness;
  let connection: NatsConnection;
  let table: LeaseTable;
  let bucketCount = 0;

  beforeAll(async () => {
    nats = await startNatsServer();
    connection = await nats.connect();
  });
  afterAll(async () => {
    await connection?.close();
    await nats?.dispose();
  });
  beforeEach(async () => {
    bucketCount += 1;
    table = await LeaseTable.open(connection, {
      bucket: `tk_leases_test${bucketCount}`,
      ttlMs: 1_500,
      replicas: 1,
      timeoutMs: 2_000,
    });
  });

  it('gives a key to one holder at a time', async () => {
    const a = await table.acquire('partitions.p001', run('a'));
    expect(a).toMatchObject({ key: 'partitions.p001', holder: 'a' });
    expect(await table.acquire('partitions.p001', run('b'))).toBeNull();
    expect(await table.holders('partitions.')).toEqual(new Map([['partitions.p001', 'a']]));
  });

  it('renews at the revision last written and refuses a renewal after someone else wrote', async () => {
    const a = (await table.acquire('partitions.p002', run('a')))!;
    const renewed = (await table.renew(a))!;
    expect(renewed.revision).toBeGreaterThan(a.revision);
    expect(await table.renew(a)).toBeNull();
    await table.release(renewed);
    const b = await table.acquire('partitions.p002', run('b'));
    expect(b).not.toBeNull();
    expect(await table.renew(renewed)).toBeNull();
  });

  it('does not let a stale holder release the lease someone else holds now', async () => {
    const a = (await table.acquire('partitions.p003', run('a')))!;
    await table.release(a);
    const b = (await table.acquire('partitions.p003', run('b')))!;
    await table.release(a);
    expect(await table.holders('partitions.')).toEqual(new Map([['partitions.p003', 'b']]));
    expect(await table.renew(b)).not.toBeNull();
  });

  it('frees the key of a holder that stops renewing once the time to live has passed', async () => {
    const a = (await table.acquire('partitions.p004', run('a')))!;
    const taken = await waitFor(
      () => table.acquire('partitions.p004', run('b')).then((lease) => lease ?? undefined),
      {
        timeoutMs: 10_000,
        intervalMs: 100,
      },
    );
    expect(taken.holder).toBe('b');
    expect(await table.renew(a)).toBeNull();
  });

  it("lets a replica restarted after a crash take its own keys back at once, and no one else's", async () => {
    const crashed = (await table.acquire('partitions.p006', run('a', 'first')))!;
    expect(await table.acquire('partitions.p006', run('b', 'first'))).toBeNull();
    const again = await table.acquire('partitions.p006', run('a', 'second'));
    expect(again).toMatchObject({ holder: 'a', incarnation: 'second' });
    // The crashed run's lease is gone: it could never renew it, were it alive after all.
    expect(await table.renew(crashed)).toBeNull();
    expect(await table.acquire('partitions.p006', run('a', 'second'))).toBeNull();
  });

  it('tells a replica that another process writes the heartbeat of the same replica', async () => {
    const first = await table.put('replicas.a', run('a', 'one'), 0);
    expect(first.twin).toBe(false);
    const mine = await table.put('replicas.a', run('a', 'one'), first.revision);
    expect(mine.twin).toBe(false);
    await table.put('replicas.a', run('a', 'two'), 0);
    expect((await table.put('replicas.a', run('a', 'one'), mine.revision)).twin).toBe(true);
  });

  it('keeps leases across a restart of the server', async () => {
    const lasting = await LeaseTable.open(connection, {
      bucket: 'tk_leases_lasting',
      ttlMs: 60_000,
      replicas: 1,
      timeoutMs: 2_000,
    });
    const a = (await lasting.acquire('partitions.p005', run('a')))!;
    await nats.restart();
    const renewed = await waitFor(
      () =>
        lasting
          .renew(a)
          .catch(() => undefined)
          .then((lease) => lease ?? undefined),
      {
        timeoutMs: 10_000,
        intervalMs: 100,
      },
    );
    expect(renewed.holder).toBe('a');
  });
});
