export { PARTITION_COUNT_MAX, partitionLabel } from '@ticketonomics/contracts';
export * from './partition.hash';
export * from './partition.quota';
export * from './partition.fence';
export * from './partition.subjects';
export * from './partition.front-door';
export * from './lease.table';
export * from './partition.balancer';
