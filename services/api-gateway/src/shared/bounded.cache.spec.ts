import { BoundedCache } from './bounded.cache';

describe('BoundedCache', () => {
  it('forgets entries after their time to live and the least recently used past its size', () => {
    const cache = new BoundedCache<number>(2, 1_000);
    cache.set('a', 1, undefined, 0);
    cache.set('b', 2, undefined, 0);
    expect(cache.get('a', 10)).toBe(1);
    cache.set('c', 3, undefined, 10);
    expect(cache.get('b', 20)).toBeUndefined();
    expect(cache.get('a', 20)).toBe(1);
    expect(cache.get('a', 1_000)).toBeUndefined();
    cache.set('long', 4, 5_000, 0);
    expect(cache.get('long', 4_000)).toBe(4);
  });
});
