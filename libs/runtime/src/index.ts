export * from './config';
export * from './logger';
export * from './health';
export * from './service-process';
export * from './command-service';
export * from './partition-layout';
export * from './partitions.host';
export * from './partitioned-service';
