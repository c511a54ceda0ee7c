import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertPartitionLayout, partitionLayoutFileOf } from './partition-layout';

describe('assertPartitionLayout', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tk-layout-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the count on a fresh directory and accepts only that count afterwards', () => {
    assertPartitionLayout('artifacts', dir, 6, 'artifacts.sqlite');
    expect(partitionLayoutFileOf('artifacts')).toBe('artifacts-partitions.json');
    expect(() => assertPartitionLayout('artifacts', dir, 6, 'artifacts.sqlite')).not.toThrow();
    expect(() => assertPartitionLayout('artifacts', dir, 4, 'artifacts.sqlite')).toThrow(
      /ARTIFACTS_PARTITIONS: .* was written with 6 partitions .* every replica must use 6/,
    );
  });

  it('keeps a directory of a service kept in one file at one partition', () => {
    writeFileSync(join(dir, 'ledger.sqlite'), '');
    expect(() => assertPartitionLayout('ledger', dir, 12, 'ledger.sqlite')).toThrow(
      /LEDGER_PARTITIONS: .* start it with LEDGER_PARTITIONS=1/,
    );
    expect(() => assertPartitionLayout('ledger', dir, 1, 'ledger.sqlite')).not.toThrow();
  });

  it('keeps the one file of a service that gains a global partition, and then its community count', () => {
    writeFileSync(join(dir, 'accounts.sqlite'), '');
    assertPartitionLayout('accounts', dir, 1, 'accounts-p000.sqlite');
    expect(() =>
      assertPartitionLayout('accounts', dir, 8, 'accounts-p000.sqlite', { global: true }),
    ).not.toThrow();
    expect(JSON.parse(readFileSync(join(dir, 'accounts-partitions.json'), 'utf8'))).toEqual({
      partitions: 8,
      global: true,
    });
    expect(() =>
      assertPartitionLayout('accounts', dir, 8, 'accounts-p000.sqlite', { global: true }),
    ).not.toThrow();
    expect(() => assertPartitionLayout('accounts', dir, 4, 'accounts-p000.sqlite', { global: true })).toThrow(
      /ACCOUNTS_PARTITIONS: .* was written with 8 partitions/,
    );
    expect(() => assertPartitionLayout('accounts', dir, 8, 'accounts-p000.sqlite')).toThrow(
      /every replica must use 8/,
    );
  });
});
