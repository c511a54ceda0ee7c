import { ConfigError } from '@ticketonomics/runtime';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { LEDGER_DB_FILE } from '../store/ledger.migrations';

/** Written in DATA_DIR by the first replica: how many partitions the files there were made for. */
export const PARTITION_LAYOUT_FILE = 'ledger-partitions.json';

/**
 * Communities are placed by their partition number, so the files in DATA_DIR are only right for the count
 * they were written with: a replica started with another count, on the same volume, refuses to start
 * rather than look for communities in the wrong files.
 */
export function assertPartitionLayout(dataDir: string, partitionCount: number): void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, PARTITION_LAYOUT_FILE);
  if (!existsSync(path)) {
    if (partitionCount > 1 && existsSync(join(dataDir, LEDGER_DB_FILE))) {
      throw new ConfigError(
        `LEDGER_PARTITIONS: ${dataDir} holds a ledger kept in one partition (${LEDGER_DB_FILE}); start it with LEDGER_PARTITIONS=1, or start the partitioned ledger on an empty DATA_DIR`,
      );
    }
    try {
      writeFileSync(path, `${JSON.stringify({ partitions: partitionCount })}\n`, { flag: 'wx' });
      return;
    } catch (error) {
      // Another replica starting at the same moment wrote it first: its count is checked below.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const written = (JSON.parse(readFileSync(path, 'utf8')) as { partitions?: unknown }).partitions;
  if (written !== partitionCount) {
    throw new ConfigError(
      `LEDGER_PARTITIONS: ${dataDir} was written with ${String(written)} partitions (${PARTITION_LAYOUT_FILE}) and this replica has ${partitionCount}; every replica must use ${String(written)}`,
    );
  }
}

/**
 * The host name: compose gives each container its own, kept when the container restarts, so a replica that
 * crashed and came back takes its partitions back at once. Processes sharing a host set LEDGER_REPLICA_ID.
 */
export function defaultReplicaId(): string {
  return (
    hostname()
      .replace(/[^A-Za-z0-9_-]/g, '_')
      .slice(0, 64) || 'ledger'
  );
}
