import type { VerifiedKey } from '../http/route';
import { ApiKeyCache } from './api-key.cache';

const key = (keyId: string): VerifiedKey => ({
  keyId,
  communityId: 'demo',
  scopes: ['read'],
  rateLimitPerMinute: 60,
});

describe('ApiKeyCache', () => {
  it('expires entries after the TTL', () => {
    const cache = new ApiKeyCache({ ttlMs: 1_000, entriesMax: 10 });
    cache.set('d1', key('K1'), 0);
    expect(cache.get('d1', 999)).toEqual(key('K1'));
    expect(cache.get('d1', 1_000)).toBeUndefined();
  });

  it('evicts the least recently used entry past the bound', () => {
    const cache = new ApiKeyCache({ ttlMs: 1_000, entriesMax: 2 });
    cache.set('d1', key('K1'), 0);
    cache.set('d2', key('K2'), 0);
    cache.get('d1', 1);
    cache.set('d3', key('K3'), 2);
    expect(cache.get('d2', 3)).toBeUndefined();
    expect(cache.get('d1', 3)).toBeDefined();
    expect(cache.size).toBe(2);
  });

  it('drops a revoked key at once and does not cache it again for one TTL', () => {
    const cache = new ApiKeyCache({ ttlMs: 1_000, entriesMax: 10 });
    cache.set('d1', key('K1'), 0);
    cache.revoke('K1', 10);
    expect(cache.get('d1', 11)).toBeUndefined();
    cache.set('d1', key('K1'), 20);
    expect(cache.get('d1', 21)).toBeUndefined();
  });

  it('caches nothing with a TTL of 0', () => {
    const cache = new ApiKeyCache({ ttlMs: 0, entriesMax: 10 });
    cache.set('d1', key('K1'), 0);
    expect(cache.get('d1', 0)).toBeUndefined();
  });
});
