/**
 * Names of a partitioned writer's parts on the bus (libs/partitions does the work): the subjects a
 * partition's owner serves, the bucket of its leases, its durable consumers. Here, beside the roles, because
 * the bus permissions are made from them.
 */

/** More partitions than this buys nothing on the machines a community runs on, and costs a file each. */
export const PARTITION_COUNT_MAX = 256;

/** A partition's name in subjects, lease keys, durable names and file names: p000 ... p255. */
export function partitionLabel(partition: number): string {
  if (!Number.isInteger(partition) || partition < 0 || partition >= PARTITION_COUNT_MAX) {
    throw new RangeError(
      `partition must be an integer from 0 to ${PARTITION_COUNT_MAX - 1}, got ${partition}`,
    );
  }
  return `p${String(partition).padStart(3, '0')}`;
}

/** Every partition's own subjects: tk.part.<service>.<partition>.<command>. */
export function partitionSubjectsOf(service: string): string {
  return `tk.part.${service}.>`;
}

/** The KV bucket holding a service's partition leases and replica heartbeats. */
export function partitionLeasesBucketOf(service: string): string {
  return `tk_leases_${service.replace(/-/g, '_')}`;
}

/** A partition's own durable consumer: the service's durable name with the partition's label. */
export function partitionDurableName(durable: string, partition: number): string {
  return `${durable}-${partitionLabel(partition)}`;
}
