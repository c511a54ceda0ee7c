import { IpRateLimiter } from './ip-rate.limiter';

describe('IpRateLimiter', () => {
  it('allows requestsMax per window per key, then says how long to wait', () => {
    const limiter = new IpRateLimiter({ windowMs: 60_000, requestsMax: 2, keysMax: 10 });
    expect(limiter.take('a', 0).allowed).toBe(true);
    expect(limiter.take('a', 1_000).allowed).toBe(true);
    expect(limiter.take('a', 2_000)).toEqual({
      allowed: false,
      retryAfterMs: 58_000,
      remaining: 0,
      resetMs: 58_000,
    });
    expect(limiter.take('b', 2_000).allowed).toBe(true);
    expect(limiter.take('a', 60_000).allowed).toBe(true);
  });

  it('remembers at most keysMax keys, forgetting the oldest windows first', () => {
    const limiter = new IpRateLimiter({ windowMs: 60_000, requestsMax: 1, keysMax: 3 });
    for (let i = 0; i < 1_000; i += 1) limiter.take(`ip-${i}`, i);
    expect(limiter.size).toBe(3);
    // The newest keys are still limited; the oldest were forgotten.
    expect(limiter.take('ip-999', 1_000).allowed).toBe(false);
    expect(limiter.take('ip-0', 1_000).allowed).toBe(true);
  });
});
