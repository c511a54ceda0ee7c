import { seededRandom } from './seeded-random';

describe('seededRandom', () => {
  it('replays the same floats in [0, 1) for the same seed, others for another', () => {
    const take = (seed: number) => Array.from({ length: 1_000 }, seededRandom(seed));
    const first = take(42);
    expect(take(42)).toEqual(first);
    expect(take(43)).not.toEqual(first);
    expect(first.every((value) => value >= 0 && value < 1)).toBe(true);
    // Spread over the whole range, not stuck in a corner of it.
    expect(first.filter((value) => value < 0.5).length).toBeGreaterThan(400);
    expect(first.filter((value) => value < 0.5).length).toBeLessThan(600);
  });
});
