export * from './partition.hash';
export * from './partition.quota';
export * from './partition.fence';
export * from './lease.table';
export * from './partition.balancer';
