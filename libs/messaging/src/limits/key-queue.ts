/**
 * Runs the tasks of one key one after the other within this process (different keys in parallel): a burst
 * on one key then costs the shared bucket one compare-and-set after another instead of racing itself into
 * retries. Bounded by the keys in flight; a key's chain is forgotten once it is empty.
 */
export class KeyQueue {
  private readonly chains = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    this.chains.set(key, next);
    void next
      .finally(() => {
        if (this.chains.get(key) === next) this.chains.delete(key);
      })
      .catch(() => undefined);
    return next;
  }

  get size(): number {
    return this.chains.size;
  }
}
