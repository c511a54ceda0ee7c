import { PARTITION_COUNT_MAX } from '@ticketonomics/contracts';
import assert from 'node:assert/strict';

/**
 * The partition a community's writes belong to: FNV-1a (32 bit) of the id's UTF-8 bytes, modulo the count.
 * Stable across processes, versions and machines (unlike a seeded hash), so every replica and every
 * partition-aware client computes the same answer.
 */
export function partitionOf(communityId: string, partitionCount: number): number {
  assertPartitionCount(partitionCount);
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(communityId, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % partitionCount;
}

export function assertPartitionCount(partitionCount: number): void {
  assert(
    Number.isInteger(partitionCount) && partitionCount >= 1 && partitionCount <= PARTITION_COUNT_MAX,
    `partition count must be an integer from 1 to ${PARTITION_COUNT_MAX}, got ${partitionCount}`,
  );
}
