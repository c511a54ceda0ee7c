import { RejectedKeyCache } from './rejected-key.cache';

describe('RejectedKeyCache', () => {
  it('remembers why a key was refused until the TTL', () => {
    const cache = new RejectedKeyCache({ ttlMs: 30_000, entriesMax: 10 });
    cache.set('d1', 'invalid', 0);
    cache.set('d2', 'revoked', 0);
    expect(cache.get('d1', 29_999)).toBe('invalid');
    expect(cache.get('d2', 1)).toBe('revoked');
    expect(cache.get('d1', 30_000)).toBeUndefined();
    expect(cache.get('d3', 0)).toBeUndefined();
  });

  it('keeps at most entriesMax, the least recently used going first', () => {
    const cache = new RejectedKeyCache({ ttlMs: 30_000, entriesMax: 2 });
    cache.set('d1', 'invalid', 0);
    cache.set('d2', 'invalid', 0);
    cache.get('d1', 1);
    cache.set('d3', 'invalid', 2);
    expect(cache.size).toBe(2);
    expect(cache.get('d2', 3)).toBeUndefined();
    expect(cache.get('d1', 3)).toBe('invalid');
  });

  it('remembers nothing with a TTL of 0', () => {
    const cache = new RejectedKeyCache({ ttlMs: 0, entriesMax: 2 });
    cache.set('d1', 'invalid', 0);
    expect(cache.get('d1', 0)).toBeUndefined();
  });
});
