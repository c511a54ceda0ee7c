import { FixedWindowCounter } from './fixed-window.counter';

describe('FixedWindowCounter', () => {
  it('allows up to the limit in a window and starts over in the next', () => {
    const counter = new FixedWindowCounter(10);
    expect(counter.take('k', 1, 2)).toEqual({ allowed: true, count: 1 });
    expect(counter.take('k', 1, 2)).toEqual({ allowed: true, count: 2 });
    expect(counter.take('k', 1, 2)).toEqual({ allowed: false, count: 2 });
    expect(counter.take('k', 2, 2)).toEqual({ allowed: true, count: 1 });
  });

  it('remembers at most keysMax keys, forgetting the oldest window first', () => {
    const counter = new FixedWindowCounter(2);
    counter.take('a', 1, 5);
    counter.take('b', 1, 5);
    counter.take('c', 1, 5);
    expect(counter.size).toBe(2);
    expect(counter.take('a', 1, 5)).toEqual({ allowed: true, count: 1 });
  });
});
