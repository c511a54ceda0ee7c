interface Waiting<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

interface KeyState<Item, Result> {
  waiting: Waiting<Item, Result>[];
  running: boolean;
}

/**
 * Runs one key's items in batches, one batch of a key at a time within this process (different keys in
 * parallel): the items that arrive while a key's batch is in flight wait and then go together in the
 * next one, at most itemsMax in a batch. A burst on one key then costs one shared-bucket round trip per
 * batch instead of one per item. A batch starts on the next microtask, so items added in the same
 * synchronous run go together from the start. Bounded by the keys in flight; a key is forgotten once
 * nothing of it waits.
 *
 * `runBatch` answers each item of a batch, in the order given: results[i] is items[i]'s.
 */
export class KeyBatchQueue<Item, Result> {
  private readonly keys = new Map<string, KeyState<Item, Result>>();

  constructor(
    private readonly runBatch: (key: string, items: Item[]) => Promise<Result[]>,
    private readonly itemsMax: number,
  ) {
    if (!Number.isSafeInteger(itemsMax) || itemsMax < 1) {
      throw new Error(`itemsMax (${itemsMax}) must be a positive integer`);
    }
  }

  add(key: string, item: Item): Promise<Result> {
    const state = this.keys.get(key) ?? { waiting: [], running: false };
    this.keys.set(key, state);
    const added = new Promise<Result>((resolve, reject) => state.waiting.push({ item, resolve, reject }));
    if (!state.running) {
      state.running = true;
      queueMicrotask(() => void this.drain(key, state));
    }
    return added;
  }

  /** Keys with a batch in flight or items waiting. */
  get size(): number {
    return this.keys.size;
  }

  private async drain(key: string, state: KeyState<Item, Result>): Promise<void> {
    while (state.waiting.length > 0) {
      const batch = state.waiting.splice(0, this.itemsMax);
      try {
        const results = await this.runBatch(
          key,
          batch.map((waiting) => waiting.item),
        );
        if (results.length !== batch.length) {
          throw new Error(`a batch of ${batch.length} items got ${results.length} results`);
        }
        batch.forEach((waiting, index) => waiting.resolve(results[index]!));
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
      }
    }
    state.running = false;
    this.keys.delete(key);
  }
}
