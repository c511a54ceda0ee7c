import { PARTITION_COUNT_MAX, partitionLabel } from '@ticketonomics/contracts';
import { partitionOf } from './partition.hash';
import { quotaOf } from './partition.quota';

describe('partitionOf', () => {
  it('is FNV-1a of the UTF-8 bytes, so clients in any language compute the same partition', () => {
    // FNV-1a 32-bit reference values: "" = 0x811c9dc5, "a" = 0xe40c292c, "foobar" = 0xbf9cf968.
    expect(partitionOf('', 2 ** 8)).toBe(0x811c9dc5 % 256);
    expect(partitionOf('a', 7)).toBe(0xe40c292c % 7);
    expect(partitionOf('foobar', 16)).toBe(0xbf9cf968 % 16);
    expect(partitionOf('tg:-100123', 1)).toBe(0);
  });

  it('spreads many communities evenly', () => {
    const counts = new Array<number>(16).fill(0);
    for (let i = 0; i < 16_000; i += 1) counts[partitionOf(`tg:-100${i}`, 16)]! += 1;
    for (const count of counts) expect(Math.abs(count - 1000)).toBeLessThan(150);
  });

  it('refuses a count it cannot serve', () => {
    expect(() => partitionOf('x', 0)).toThrow(/from 1 to 256/);
    expect(() => partitionOf('x', PARTITION_COUNT_MAX + 1)).toThrow(/from 1 to 256/);
    expect(() => partitionOf('x', 1.5)).toThrow(/integer/);
  });

  it('labels partitions so they sort as numbers', () => {
    expect(partitionLabel(7)).toBe('p007');
    expect(partitionLabel(255)).toBe('p255');
    expect(() => partitionLabel(256)).toThrow(/from 0 to 255/);
  });
});

describe('quotaOf', () => {
  it('splits evenly, the remainder to the first replicas in id order', () => {
    const live = ['c', 'a', 'b'];
    expect(live.map((id) => quotaOf(id, live, 16))).toEqual([5, 6, 5]);
    expect(['a', 'b', 'c'].reduce((sum, id) => sum + quotaOf(id, live, 16), 0)).toBe(16);
  });

  it('counts a replica that does not see its own heartbeat yet', () => {
    expect(quotaOf('b', ['a'], 4)).toBe(2);
    expect(quotaOf('a', [], 4)).toBe(4);
  });

  it('gives nothing to replicas beyond the partition count', () => {
    expect(['a', 'b', 'c'].map((id) => quotaOf(id, ['a', 'b', 'c'], 2))).toEqual([1, 1, 0]);
  });
});
