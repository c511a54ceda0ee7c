import type { NatsConnection } from '@nats-io/transport-node';
import { startNatsServer, TEST_BUS_ENV, type NatsServerHarness } from '@ticketonomics/testing';
import pino from 'pino';
import { Registry } from 'prom-client';
import { ApiGatewayConfigSchema } from '../config/api-gateway.config';
import { ApiMetrics } from '../metrics/api.metrics';
import { RATE_WINDOW_MS, RateLimiter } from './rate-limiter';

function limiterOn(connection: NatsConnection): RateLimiter {
  return new RateLimiter(
    connection,
    ApiGatewayConfigSchema.parse(TEST_BUS_ENV),
    pino({ level: 'silent' }),
    new ApiMetrics(new Registry()),
  );
}

describe('RateLimiter', () => {
  const now = 10 * RATE_WINDOW_MS + 15_000;

  describe('on a bus with JetStream', () => {
    let nats: NatsServerHarness;
    const connections: NatsConnection[] = [];

    beforeAll(async () => {
      nats = await startNatsServer();
    });

    afterAll(async () => {
      for (const nc of connections) await nc.close();
      await nats?.dispose();
    });

    /** A gateway replica: its own connection as the api-gateway user, its own limiter. */
    const replica = async (): Promise<RateLimiter> => {
      const nc = await nats.connect('api-gateway');
      connections.push(nc);
      const limiter = limiterOn(nc);
      await limiter.start();
      return limiter;
    };

    it('counts in the shared bucket, with remaining and reset, then refuses', async () => {
      const limiter = await replica();
      const decisions = [];
      for (let i = 0; i < 3; i += 1) decisions.push(await limiter.take('K1', 2, now));
      expect(decisions.map((d) => [d.allowed, d.remaining, d.source])).toEqual([
        [true, 1, 'kv'],
        [true, 0, 'kv'],
        [false, 0, 'kv'],
      ]);
      expect(decisions[0]!.resetSeconds).toBe(45);
      expect((await limiter.take('K1', 2, now + RATE_WINDOW_MS)).allowed).toBe(true);
    });

    it('counts concurrent requests of one key on two replicas exactly (compare-and-set on one window)', async () => {
      const [first, second] = [await replica(), await replica()];
      const decisions = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? first : second).take('K2', 7, now)),
      );
      expect(decisions.filter((d) => d.allowed)).toHaveLength(7);
      expect(decisions.every((d) => d.source === 'kv')).toBe(true);
    });
  });

  it('falls back to counting per process when the bucket does not answer', async () => {
    const nats = await startNatsServer({ jetstream: false });
    const nc = await nats.connect('api-gateway');
    try {
      const limiter = limiterOn(nc);
      await limiter.start();
      const decisions = [];
      for (let i = 0; i < 3; i += 1) decisions.push(await limiter.take('K1', 2, now));
      expect(decisions.map((d) => [d.allowed, d.source])).toEqual([
        [true, 'local'],
        [true, 'local'],
        [false, 'local'],
      ]);
    } finally {
      await nc.close();
      await nats.dispose();
    }
  });
});
