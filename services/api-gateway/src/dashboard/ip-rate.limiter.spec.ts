import { API_GATEWAY_LIMITS_BUCKET } from '@ticketonomics/contracts';
import { SharedLimitsBucket } from '@ticketonomics/messaging';
import { startNatsServer, type NatsServerHarness } from '@ticketonomics/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import { IpRateLimiter } from './ip-rate.limiter';

const logger = pino({ level: 'silent' });

describe('IpRateLimiter (real nats-server)', () => {
  let nats: NatsServerHarness;
  const connections: NatsConnection[] = [];

  beforeAll(async () => {
    nats = await startNatsServer();
  });
  afterAll(async () => {
    for (const connection of connections) await connection.close();
    await nats?.dispose();
  });

  async function bucket(): Promise<SharedLimitsBucket> {
    const connection = await nats.connect('api-gateway');
    connections.push(connection);
    return new SharedLimitsBucket(
      connection,
      { bucket: API_GATEWAY_LIMITS_BUCKET, replicas: 1, ttlMs: 120_000, timeoutMs: 2_000 },
      logger,
    );
  }

  it('allows requestsMax per window per key over the replicas, then says how long to wait', async () => {
    const limits = { windowMs: 60_000, requestsMax: 2, keysMax: 10 };
    const first = new IpRateLimiter(await bucket(), 'reads', limits);
    const second = new IpRateLimiter(await bucket(), 'reads', limits);
    expect((await first.take('a', 0)).allowed).toBe(true);
    expect((await second.take('a', 1_000)).allowed).toBe(true);
    expect(await first.take('a', 2_000)).toEqual({
      allowed: false,
      retryAfterMs: 58_000,
      remaining: 0,
      resetMs: 58_000,
    });
    expect((await second.take('b', 2_000)).allowed).toBe(true);
    expect((await second.take('a', 60_000)).allowed).toBe(true);
  });

  it('counts each limiter apart by its name', async () => {
    const shared = await bucket();
    const reads = new IpRateLimiter(shared, 'reads_2', { windowMs: 60_000, requestsMax: 1, keysMax: 10 });
    const verify = new IpRateLimiter(shared, 'verify_2', { windowMs: 60_000, requestsMax: 1, keysMax: 10 });
    expect((await reads.take('a', 0)).allowed).toBe(true);
    expect((await verify.take('a', 0)).allowed).toBe(true);
    expect((await reads.take('a', 0)).allowed).toBe(false);
  });
});
