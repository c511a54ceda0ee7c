import { API_GATEWAY_LIMITS_BUCKET } from '@ticketonomics/contracts';
import { SharedLimitsBucket } from '@ticketonomics/messaging';
import { startNatsServer, type NatsServerHarness } from '@ticketonomics/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import { AuthFailureLimiter } from './auth-failure.limiter';

const limits = { failuresMax: 3, windowMs: 60_000, addressesMax: 2 };
const logger = pino({ level: 'silent' });

describe('AuthFailureLimiter (real nats-server)', () => {
  let nats: NatsServerHarness;
  const connections: NatsConnection[] = [];

  beforeAll(async () => {
    nats = await startNatsServer();
  });
  afterAll(async () => {
    for (const connection of connections) await connection.close();
    await nats?.dispose();
  });

  /** Gateway replicas: each its own connection and limiter, on the gateway's bucket (each case its own addresses). */
  async function replicas(count: number): Promise<AuthFailureLimiter[]> {
    const made: AuthFailureLimiter[] = [];
    for (let i = 0; i < count; i += 1) {
      const connection = await nats.connect('api-gateway');
      connections.push(connection);
      const bucket = new SharedLimitsBucket(
        connection,
        { bucket: API_GATEWAY_LIMITS_BUCKET, replicas: 1, ttlMs: 120_000, timeoutMs: 2_000 },
        logger,
      );
      made.push(new AuthFailureLimiter(bucket, limits));
    }
    return made;
  }

  it('allows failuresMax failures per window over the replicas, then refuses until the window starts over', async () => {
    const [a, b, c] = await replicas(3);
    const all = [a!, b!, c!];
    const decisions = [];
    for (let i = 0; i < 5; i += 1) decisions.push(await all[i % 3]!.record('198.51.100.1', 0));
    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true, false, false]);
    expect(await a!.record('198.51.100.1', 15_500)).toEqual({
      allowed: false,
      limit: 3,
      remaining: 0,
      resetSeconds: 45,
    });
    expect((await b!.record('198.51.100.2', 15_500)).allowed).toBe(true);
    expect(await c!.record('198.51.100.1', 60_000)).toMatchObject({ allowed: true, remaining: 2 });
  });

  it('counts a reserved verification until it is released, so a burst cannot pass the bound', async () => {
    const [a, b] = await replicas(2);
    const slots = await Promise.all([a, b, a, b].map((limiter) => limiter!.reserve('198.51.100.3', 0)));
    expect(slots.filter((slot) => slot.allowed)).toHaveLength(3);
    // One of them was a valid key: its slot comes back, on whichever replica.
    await b!.release(
      '198.51.100.3',
      slots.find((slot) => slot.allowed)!,
    );
    expect((await a!.reserve('198.51.100.3', 1)).allowed).toBe(true);
    expect((await b!.reserve('198.51.100.3', 2)).allowed).toBe(false);
  });

  it('does not give back a slot of a window that is over', async () => {
    const [limiter] = await replicas(1);
    const slot = await limiter!.reserve('198.51.100.4', 0);
    await limiter!.record('198.51.100.4', 60_000);
    await limiter!.release('198.51.100.4', slot);
    expect((await limiter!.record('198.51.100.4', 60_001)).remaining).toBe(1);
  });
});
