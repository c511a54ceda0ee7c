export * from './sqlite.data-source';
export * from './cursor';
