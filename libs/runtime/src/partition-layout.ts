import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config';

/** Written in DATA_DIR by a service's first replica: how many partitions the files there were made for. */
export function partitionLayoutFileOf(service: string): string {
  return `${service}-partitions.json`;
}

/** The setting that gives a service its partition count: `LEDGER_PARTITIONS` for the ledger. */
export function partitionsSettingOf(service: string): string {
  return `${service.toUpperCase().replace(/-/g, '_')}_PARTITIONS`;
}

/**
 * Communities are placed by their partition number, so the files in DATA_DIR are only right for the count
 * they were written with: a replica started with another count, on the same volume, refuses to start
 * rather than look for communities in the wrong files. `singleFile` is the file the service kept before it
 * had partitions (the file of its one partition): beside it only a count of 1 is accepted.
 */
export function assertPartitionLayout(
  service: string,
  dataDir: string,
  partitionCount: number,
  singleFile: string,
): void {
  const setting = partitionsSettingOf(service);
  const layoutFile = partitionLayoutFileOf(service);
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, layoutFile);
  if (!existsSync(path)) {
    if (partitionCount > 1 && existsSync(join(dataDir, singleFile))) {
      throw new ConfigError(
        `${setting}: ${dataDir} holds ${service} data kept in one partition (${singleFile}); start it with ${setting}=1, or start the partitioned ${service} on an empty DATA_DIR`,
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
      `${setting}: ${dataDir} was written with ${String(written)} partitions (${layoutFile}) and this replica has ${partitionCount}; every replica must use ${String(written)}`,
    );
  }
}

/**
 * The host name: compose gives each container its own, kept when the container restarts, so a replica that
 * crashed and came back takes its partitions back at once. Processes sharing a host set
 * `<SERVICE>_REPLICA_ID` (LEDGER_REPLICA_ID, ARTIFACTS_REPLICA_ID) each.
 */
export function defaultReplicaId(service: string): string {
  return (
    hostname()
      .replace(/[^A-Za-z0-9_-]/g, '_')
      .slice(0, 64) || service
  );
}
