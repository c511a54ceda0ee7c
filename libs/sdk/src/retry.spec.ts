import { backoffDelayMs, RETRY_DEFAULTS, serverWaitMs } from './retry';

describe('retry policy', () => {
  it('backs off exponentially up to the cap, jittered over the whole range', () => {
    const options = { ...RETRY_DEFAULTS, baseDelayMs: 100, maxDelayMs: 1_000 };
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelayMs(attempt, options, () => 0.999))).toEqual([
      99, 199, 399, 799, 999,
    ]);
    expect(backoffDelayMs(3, options, () => 0)).toBe(0);
  });

  it('reads Retry-After as seconds or a date, else the reset of a used-up rate-limit window', () => {
    const now = Date.parse('2026-12-04T10:00:00Z');
    expect(serverWaitMs(new Headers({ 'Retry-After': '3' }), now)).toBe(3_000);
    expect(serverWaitMs(new Headers({ 'Retry-After': 'Fri, 04 Dec 2026 10:00:05 GMT' }), now)).toBe(5_000);
    const window = { 'X-RateLimit-Limit': '60', 'X-RateLimit-Reset': '12' };
    expect(serverWaitMs(new Headers({ ...window, 'X-RateLimit-Remaining': '0' }), now)).toBe(12_000);
    expect(serverWaitMs(new Headers({ ...window, 'X-RateLimit-Remaining': '4' }), now)).toBeNull();
    expect(serverWaitMs(new Headers(), now)).toBeNull();
  });
});
