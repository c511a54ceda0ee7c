export * from './client';
export * from './errors';
export * from './event-stream';
export * from './retry';
export type { Operations, Schemas } from './generated/api.types';
export { OPERATIONS } from './generated/api.types';
export { generateApiTypes, type OpenApiDocumentLike } from './codegen/openapi-types';
