import { LocalWindowCounter } from './local-window.counter';

describe('LocalWindowCounter', () => {
  it('allows up to the limit in a window, gives a hit back in that window only, and starts over', () => {
    const counter = new LocalWindowCounter(10);
    expect(counter.take('k', 1, 2)).toEqual({ allowed: true, count: 1 });
    expect(counter.take('k', 1, 2)).toEqual({ allowed: true, count: 2 });
    expect(counter.take('k', 1, 2)).toEqual({ allowed: false, count: 2 });
    counter.untake('k', 1);
    expect(counter.take('k', 1, 2)).toEqual({ allowed: true, count: 2 });
    counter.untake('k', 0);
    expect(counter.take('k', 2, 2)).toEqual({ allowed: true, count: 1 });
  });

  it('remembers at most keysMax keys, forgetting the oldest window first', () => {
    const counter = new LocalWindowCounter(3);
    for (let i = 0; i < 1_000; i += 1) counter.take(`ip-${i}`, 1, 1);
    expect(counter.size).toBe(3);
    expect(counter.take('ip-999', 1, 1).allowed).toBe(false);
    expect(counter.take('ip-0', 1, 1).allowed).toBe(true);
  });
});
