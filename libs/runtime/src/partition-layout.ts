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
 *
 * A service with a global partition (`global`) keeps that file as the global partition's, and its community
 * partitions import their communities from it once: the layout of one partition it had before (count 1, no
 * global partition) is accepted and rewritten.
 */
export function assertPartitionLayout(
  service: string,
  dataDir: string,
  partitionCount: number,
  singleFile: string,
  options: { global?: boolean } = {},
): void {
  const setting = partitionsSettingOf(service);
  const layoutFile = partitionLayoutFileOf(service);
  const global = options.global === true;
  const layout = `${JSON.stringify(global ? { partitions: partitionCount, global } : { partitions: partitionCount })}\n`;
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, layoutFile);
  if (!existsSync(path)) {
    if (!global && partitionCount > 1 && existsSync(join(dataDir, singleFile))) {
      throw new ConfigError(
        `${setting}: ${dataDir} holds ${service} data kept in one partition (${singleFile}); start it with ${setting}=1, or start the partitioned ${service} on an empty DATA_DIR`,
      );
    }
    try {
      writeFileSync(path, layout, { flag: 'wx' });
      return;
    } catch (error) {
      // Another replica starting at the same moment wrote it first: its count is checked below.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const written = JSON.parse(readFileSync(path, 'utf8')) as { partitions?: unknown; global?: unknown };
  if (global && written.global !== true && written.partitions === 1) {
    // The one file it had becomes the global partition's; the community partitions import from it.
    writeFileSync(path, layout);
    return;
  }
  if (written.partitions !== partitionCount || (written.global === true) !== global) {
    throw new ConfigError(
      `${setting}: ${dataDir} was written with ${String(written.partitions)} partitions (${layoutFile}) and this replica has ${partitionCount}; every replica must use ${String(written.partitions)}`,
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
