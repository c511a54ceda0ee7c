import { retryDelayMs } from './webhook-retry.policy';

describe('webhook retry delays', () => {
  const policy = { retryInitialMs: 1_000, retryMaxMs: 3_600_000 };

  it('doubles from the initial delay up to the cap, at most', () => {
    const top = (attempts: number) => retryDelayMs(attempts, policy, () => 1);
    expect([1, 2, 3, 4, 12, 13, 50, 10_000].map(top)).toEqual([
      1_000, 2_000, 4_000, 8_000, 2_048_000, 3_600_000, 3_600_000, 3_600_000,
    ]);
  });

  it('never waits less than half of that', () => {
    expect(retryDelayMs(1, policy, () => 0)).toBe(500);
    expect(retryDelayMs(20, policy, () => 0)).toBe(1_800_000);
    for (let i = 0; i < 100; i += 1) {
      const delay = retryDelayMs(3, policy);
      expect(delay).toBeGreaterThanOrEqual(2_000);
      expect(delay).toBeLessThanOrEqual(4_000);
    }
  });
});
