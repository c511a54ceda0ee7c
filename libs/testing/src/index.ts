export * from './free-port';
export * from './wait-for';
export * from './temp-dir';
export * from './net-probe';
export * from './repo-root';
export * from './line-ring';
export { guardedChildPids } from './child-reaper';
export * from './nats-server.harness';
export * from './service-process.harness';
