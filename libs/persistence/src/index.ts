export * from './sqlite.data-source';
export * from './cursor';
export * from './sqlite.writer';
export * from './row-changes';
