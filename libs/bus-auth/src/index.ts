export * from './bus.permissions';
export * from './bus.credentials';
export * from './bus.auth-store';
export * from './local-bus';
export * from './bus.roles-table';
