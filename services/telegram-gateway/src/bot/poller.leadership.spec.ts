import { LeaseTable } from '@ticketonomics/partitions';
import { startNatsServer, waitFor, type NatsServerHarness } from '@ticketonomics/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import { PollerLeadership } from './poller.leadership';

const TTL_MS = 2_000;

/** A replica's poll as the leadership sees it: runs until stopped, and remembers when it ran. */
class RecordedPolls {
  readonly spans: { fromMs: number; toMs?: number }[] = [];
  private stop: (() => void) | undefined;

  poll = (): Promise<void> =>
    new Promise((resolve) => {
      const span: { fromMs: number; toMs?: number } = { fromMs: Date.now() };
      this.spans.push(span);
      this.stop = () => {
        span.toMs = Date.now();
        resolve();
      };
    });

  stopPolling = (): void => this.stop?.();

  get running(): boolean {
    return this.spans.some((span) => span.toMs === undefined);
  }
}

describe('PollerLeadership (real nats-server)', () => {
  let nats: NatsServerHarness;
  const connections: NatsConnection[] = [];
  let bucketCount = 0;

  beforeAll(async () => {
    nats = await startNatsServer();
  });
  afterAll(async () => {
    await Promise.all(connections.map((connection) => connection.close().catch(() => undefined)));
    await nats?.dispose();
  });

  async function replica(bucket: string, holder: string) {
    const connection = await nats.connect();
    connections.push(connection);
    const leases = await LeaseTable.open(connection, { bucket, ttlMs: TTL_MS, replicas: 1, timeoutMs: 500 });
    const polls = new RecordedPolls();
    const leadership = new PollerLeadership({
      leases,
      holder: { holder, incarnation: 'run-1' },
      ttlMs: TTL_MS,
      logger: pino({ level: 'silent' }),
      poll: polls.poll,
      stopPolling: polls.stopPolling,
    });
    return { connection, polls, leadership };
  }

  const nextBucket = () => {
    bucketCount += 1;
    return `tk_leases_poller_test${bucketCount}`;
  };

  it('lets one replica poll; a clean stop hands over within a quarter of the lease', async () => {
    const bucket = nextBucket();
    const a = await replica(bucket, 'a');
    const b = await replica(bucket, 'b');
    await a.leadership.start();
    await b.leadership.start();
    expect([a.leadership.leading, b.leadership.leading]).toEqual([true, false]);
    await a.leadership.close();
    const closedAtMs = Date.now();
    expect(a.polls.running).toBe(false);
    await waitFor(() => b.leadership.leading, { timeoutMs: TTL_MS, description: 'b polling' });
    expect(Date.now() - closedAtMs).toBeLessThanOrEqual(TTL_MS / 4 + 500);
    await b.leadership.close();
  });

  it('stops a poller cut off from NATS before another replica can start polling', async () => {
    const bucket = nextBucket();
    const a = await replica(bucket, 'a');
    const b = await replica(bucket, 'b');
    await a.leadership.start();
    await b.leadership.start();
    expect(a.leadership.leading).toBe(true);
    // The poller loses NATS: its renewals fail, and nothing releases its lease.
    await a.connection.close();
    await waitFor(() => b.leadership.leading, { timeoutMs: TTL_MS * 3, description: 'b polling' });
    const [aSpan] = a.polls.spans;
    const [bSpan] = b.polls.spans;
    expect(aSpan.toMs).toBeDefined();
    // a stopped polling well before b started: at least the half lease its deadline leaves.
    expect(bSpan.fromMs - aSpan.toMs!).toBeGreaterThanOrEqual(TTL_MS / 2 - 300);
    await Promise.all([a.leadership.close(), b.leadership.close()]);
  });
});
