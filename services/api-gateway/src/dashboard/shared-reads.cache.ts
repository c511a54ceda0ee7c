import { BoundedCache } from '../shared/bounded.cache';

/**
 * Reads reused for a while per key, and one computation shared by everyone asking meanwhile: a crowd of
 * open pages costs the services one read per key and time to live. Failures are not kept.
 */
export class SharedReads {
  private readonly cache: BoundedCache<unknown>;
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(entriesMax: number, ttlMs: number) {
    this.cache = new BoundedCache(entriesMax, ttlMs);
  }

  read<T>(key: string, ttlMs: number, compute: () => Promise<T>): Promise<T> {
    const cached = this.cache.get(key) as T | undefined;
    if (cached !== undefined) return Promise.resolve(cached);
    const running = this.inFlight.get(key) as Promise<T> | undefined;
    if (running !== undefined) return running;
    const tracked = compute()
      .then((value) => {
        this.cache.set(key, value, ttlMs);
        return value;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, tracked);
    return tracked;
  }
}
