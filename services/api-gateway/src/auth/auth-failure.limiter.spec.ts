import { AuthFailureLimiter } from './auth-failure.limiter';

const limits = { failuresMax: 3, windowMs: 60_000, addressesMax: 2 };

describe('AuthFailureLimiter', () => {
  it('allows failuresMax failures per window, then refuses until the window starts over', () => {
    const limiter = new AuthFailureLimiter(limits);
    expect([1, 2, 3, 4, 5].map(() => limiter.record('a', 0).allowed)).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(limiter.record('a', 15_500)).toEqual({ allowed: false, limit: 3, remaining: 0, resetSeconds: 45 });
    expect(limiter.record('b', 15_500).allowed).toBe(true);
    expect(limiter.record('a', 60_000)).toMatchObject({ allowed: true, remaining: 2 });
  });

  it('counts a reserved verification until it is released, so a burst cannot pass the bound', () => {
    const limiter = new AuthFailureLimiter(limits);
    const slots = [1, 2, 3, 4].map(() => limiter.reserve('a', 0));
    expect(slots.map((slot) => slot.allowed)).toEqual([true, true, true, false]);
    // One of them was a valid key: its slot comes back.
    limiter.release('a', slots[0]!.startedAt);
    expect(limiter.reserve('a', 1).allowed).toBe(true);
    expect(limiter.reserve('a', 2).allowed).toBe(false);
  });

  it('does not give back a slot of a window that is over', () => {
    const limiter = new AuthFailureLimiter(limits);
    const slot = limiter.reserve('a', 0);
    limiter.record('a', 60_000);
    limiter.release('a', slot.startedAt);
    expect(limiter.record('a', 60_001).remaining).toBe(1);
  });

  it('remembers at most addressesMax addresses, forgetting the oldest window first', () => {
    const limiter = new AuthFailureLimiter(limits);
    for (let i = 0; i < 4; i += 1) limiter.record('a', 0);
    limiter.record('b', 1);
    limiter.record('c', 2);
    expect(limiter.size).toBe(2);
    expect(limiter.record('a', 3).allowed).toBe(true);
  });
});
