import { assertPartitionCount } from './partition.hash';

/**
 * How many partitions a replica should hold: an even split over the live replicas, the remainder going to
 * the first ones in id order, so the quotas add up to the partition count exactly. A replica that does not
 * see itself among the live ones yet (its first heartbeat is on its way) counts itself in.
 */
export function quotaOf(replicaId: string, liveReplicaIds: Iterable<string>, partitionCount: number): number {
  assertPartitionCount(partitionCount);
  const live = [...new Set([...liveReplicaIds, replicaId])].sort();
  const index = live.indexOf(replicaId);
  const base = Math.floor(partitionCount / live.length);
  return base + (index < partitionCount % live.length ? 1 : 0);
}
