import { TEST_BUS_ENV } from '@ticketonomics/testing';
import type { KV, KvEntry, NatsConnection } from 'nats';
import pino from 'pino';
import { Registry } from 'prom-client';
import { ApiGatewayConfigSchema } from '../config/api-gateway.config';
import { ApiMetrics } from '../metrics/api.metrics';
import { RATE_WINDOW_MS, RateLimiter } from './rate-limiter';

/** An in-memory KV with JetStream's compare-and-set rules; `conflicts` makes the next writes lose a race. */
class FakeKv {
  private readonly entries = new Map<string, { value: string; revision: number }>();
  private revision = 0;
  conflicts = 0;

  async get(key: string): Promise<KvEntry | null> {
    const entry = this.entries.get(key);
    if (entry === undefined) return null;
    return {
      key,
      revision: entry.revision,
      operation: 'PUT',
      string: () => entry.value,
    } as unknown as KvEntry;
  }

  async create(key: string, value: Uint8Array): Promise<number> {
    if (this.entries.has(key) || this.loseRace()) throw new Error('wrong last sequence: 3');
    return this.write(key, value);
  }

  async update(key: string, value: Uint8Array, revision: number): Promise<number> {
    if (this.entries.get(key)?.revision !== revision || this.loseRace())
      throw new Error('wrong last sequence: 4');
    return this.write(key, value);
  }

  private loseRace(): boolean {
    if (this.conflicts === 0) return false;
    this.conflicts -= 1;
    // Another replica wrote meanwhile.
    for (const entry of this.entries.values()) entry.revision = ++this.revision;
    return true;
  }

  private write(key: string, value: Uint8Array): number {
    this.revision += 1;
    this.entries.set(key, { value: new TextDecoder().decode(value), revision: this.revision });
    return this.revision;
  }
}

function limiterWith(kv: () => Promise<KV>): RateLimiter {
  const connection = { jetstream: () => ({ views: { kv } }) } as unknown as NatsConnection;
  return new RateLimiter(
    connection,
    ApiGatewayConfigSchema.parse(TEST_BUS_ENV),
    pino({ level: 'silent' }),
    new ApiMetrics(new Registry()),
  );
}

describe('RateLimiter', () => {
  const now = 10 * RATE_WINDOW_MS + 15_000;

  it('counts in the shared bucket, with remaining and reset, then refuses', async () => {
    const kv = new FakeKv();
    const limiter = limiterWith(async () => kv as unknown as KV);
    await limiter.start();
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

  it('retries a write that lost a compare-and-set race', async () => {
    const kv = new FakeKv();
    const limiter = limiterWith(async () => kv as unknown as KV);
    await limiter.start();
    await limiter.take('K1', 5, now);
    kv.conflicts = 2;
    const decision = await limiter.take('K1', 5, now);
    expect(decision).toMatchObject({ allowed: true, remaining: 3, source: 'kv' });
  });

  it('counts 10 concurrent requests of one key exactly', async () => {
    const kv = new FakeKv();
    const limiter = limiterWith(async () => kv as unknown as KV);
    await limiter.start();
    const decisions = await Promise.all(Array.from({ length: 10 }, () => limiter.take('K1', 7, now)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(7);
  });

  it('falls back to counting per process when the bucket does not answer', async () => {
    const limiter = limiterWith(() => Promise.reject(new Error('JetStream not enabled')));
    await limiter.start();
    const decisions = [];
    for (let i = 0; i < 3; i += 1) decisions.push(await limiter.take('K1', 2, now));
    expect(decisions.map((d) => [d.allowed, d.source])).toEqual([
      [true, 'local'],
      [true, 'local'],
      [false, 'local'],
    ]);
  });
});
