import { KeyBatchQueue } from './key-batch.queue';

/** A batch runner whose batches finish when the test says so. */
function heldRunner() {
  const batches: { key: string; items: number[]; finish: () => void }[] = [];
  const run = (key: string, items: number[]) =>
    new Promise<string[]>((resolve) => {
      batches.push({ key, items, finish: () => resolve(items.map((item) => `${key}:${item}`)) });
    });
  return { batches, run };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('KeyBatchQueue', () => {
  it('sends what arrives while a batch is in flight as the next batch, at most itemsMax, answering each in order', async () => {
    const { batches, run } = heldRunner();
    const queue = new KeyBatchQueue(run, 3);
    const first = [queue.add('k', 1), queue.add('k', 2)];
    await tick();
    expect(batches.map((batch) => batch.items)).toEqual([[1, 2]]);
    const later = [4, 5, 6, 7].map((item) => queue.add('k', item));
    await tick();
    expect(batches).toHaveLength(1);
    batches[0]!.finish();
    expect(await Promise.all(first)).toEqual(['k:1', 'k:2']);
    await tick();
    expect(batches.map((batch) => batch.items)).toEqual([
      [1, 2],
      [4, 5, 6],
    ]);
    batches[1]!.finish();
    await tick();
    expect(batches[2]!.items).toEqual([7]);
    batches[2]!.finish();
    expect(await Promise.all(later)).toEqual(['k:4', 'k:5', 'k:6', 'k:7']);
    expect(queue.size).toBe(0);
  });

  it('runs different keys in parallel', async () => {
    const { batches, run } = heldRunner();
    const queue = new KeyBatchQueue(run, 10);
    void queue.add('a', 1);
    void queue.add('b', 2);
    await tick();
    expect(batches.map((batch) => batch.key)).toEqual(['a', 'b']);
    expect(queue.size).toBe(2);
  });

  it('fails every item of a batch that failed, and goes on with the next', async () => {
    let calls = 0;
    const queue = new KeyBatchQueue(async (_key: string, items: number[]) => {
      calls += 1;
      if (calls === 1) throw new Error('bucket gone');
      return items.map((item) => item * 10);
    }, 10);
    // Added in the same run: they go in one batch, and all fail with it.
    const failed = await Promise.allSettled([queue.add('k', 1), queue.add('k', 2), queue.add('k', 3)]);
    expect(failed.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(calls).toBe(1);
    expect(await queue.add('k', 4)).toBe(40);
    expect(queue.size).toBe(0);
  });

  it('refuses an itemsMax that is not a positive integer', () => {
    expect(() => new KeyBatchQueue(async () => [], 0)).toThrow('itemsMax');
  });
});
