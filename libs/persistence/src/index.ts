export * from './sqlite.data-source';
