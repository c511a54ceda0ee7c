/**
 * Writes the SDK's types from the gateway's OpenAPI document: every component schema as a type, every
 * JSON operation's parameters, body and answer, and the table of operations the client calls by id.
 * src/generated/api.types.ts is its output; a gateway test regenerates it from the running gateway's
 * /openapi.json and fails when the two differ (UPDATE_SDK_TYPES=1 writes it), so the SDK's types cannot
 * drift from the API.
 */

type JsonSchema = Record<string, unknown>;

interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: JsonSchema;
}

interface OpenApiOperationDoc {
  operationId: string;
  parameters?: OpenApiParameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  responses: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
  'x-websocket'?: boolean;
}

export interface OpenApiDocumentLike {
  paths: Record<string, Record<string, OpenApiOperationDoc>>;
  components: { schemas: Record<string, JsonSchema> };
}

const JSON_TYPE = 'application/json';
const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

const quoteKey = (name: string): string => (IDENTIFIER.test(name) ? name : JSON.stringify(name));

/** The TypeScript type of one JSON Schema, as the gateway's documents use them (zod's output). */
export function schemaType(schema: JsonSchema | boolean | undefined, indent = ''): string {
  if (schema === undefined || schema === true) return 'unknown';
  if (schema === false) return 'never';
  if (typeof schema['$ref'] === 'string') {
    const name = schema['$ref'].replace('#/components/schemas/', '');
    return `Schemas[${JSON.stringify(name)}]`;
  }
  if ('const' in schema) return JSON.stringify(schema['const']);
  if (Array.isArray(schema['enum'])) return schema['enum'].map((value) => JSON.stringify(value)).join(' | ');
  const variants = (schema['anyOf'] ?? schema['oneOf']) as JsonSchema[] | undefined;
  if (Array.isArray(variants))
    return variants.map((variant) => wrap(schemaType(variant, indent))).join(' | ');
  const type = schema['type'];
  if (Array.isArray(type)) {
    return type.map((one) => wrap(schemaType({ ...schema, type: one as string }, indent))).join(' | ');
  }
  switch (type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return `Array<${schemaType(schema['items'] as JsonSchema | undefined, indent)}>`;
    case 'object':
      return objectType(schema, indent);
    default:
      return schema['properties'] !== undefined ? objectType(schema, indent) : 'unknown';
  }
}

function wrap(type: string): string {
  return type.includes(' | ') || type.includes('{') ? `(${type})` : type;
}

function objectType(schema: JsonSchema, indent: string): string {
  const properties = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema['required'] ?? []) as string[]);
  const inner = `${indent}  `;
  const lines = Object.entries(properties).map(
    ([name, property]) =>
      `${inner}${quoteKey(name)}${required.has(name) ? '' : '?'}: ${schemaType(property, inner)};`,
  );
  const extra = schema['additionalProperties'];
  if (extra !== undefined && extra !== false) {
    lines.push(
      `${inner}[key: string]: ${extra === true ? 'unknown' : schemaType(extra as JsonSchema, inner)};`,
    );
  }
  if (lines.length === 0) return 'Record<string, never>';
  return `{\n${lines.join('\n')}\n${indent}}`;
}

function parametersType(parameters: OpenApiParameter[], where: 'path' | 'query', indent: string): string {
  const own = parameters.filter((parameter) => parameter.in === where);
  if (own.length === 0) return 'Record<string, never>';
  const inner = `${indent}  `;
  const lines = own.map(
    (parameter) =>
      `${inner}${quoteKey(parameter.name)}${parameter.required === true ? '' : '?'}: ${schemaType(parameter.schema, inner)};`,
  );
  return `{\n${lines.join('\n')}\n${indent}}`;
}

function successOf(operation: OpenApiOperationDoc): { status: number; schema: JsonSchema | undefined } {
  const status = Object.keys(operation.responses)
    .map(Number)
    .filter((code) => code >= 200 && code < 300)
    .sort((a, b) => a - b)[0];
  if (status === undefined) throw new Error(`${operation.operationId}: no 2xx answer`);
  return { status, schema: operation.responses[String(status)]?.content?.[JSON_TYPE]?.schema };
}

/** Operations the client calls over HTTP with JSON: not the WebSocket and not the SSE feed. */
function jsonOperations(
  document: OpenApiDocumentLike,
): { method: string; path: string; op: OpenApiOperationDoc }[] {
  const found: { method: string; path: string; op: OpenApiOperationDoc }[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const op = methods[method];
      if (op === undefined || op['x-websocket'] === true) continue;
      const success = successOf(op);
      if (success.schema === undefined) continue;
      found.push({ method: method.toUpperCase(), path, op });
    }
  }
  return found.sort((a, b) => a.op.operationId.localeCompare(b.op.operationId));
}

/** The source of src/generated/api.types.ts for this document. */
export function generateApiTypes(document: OpenApiDocumentLike): string {
  const out: string[] = [
    "// Generated from the gateway's OpenAPI document by generateApiTypes (src/codegen/openapi-types.ts).",
    '// Do not edit: UPDATE_SDK_TYPES=1 npx jest services/api-gateway/test/sdk.e2e-spec.ts writes it again.',
    '',
    'export interface Schemas {',
  ];
  for (const name of Object.keys(document.components.schemas).sort()) {
    out.push(`  ${quoteKey(name)}: ${schemaType(document.components.schemas[name], '  ')};`);
  }
  out.push('}', '', 'export interface Operations {');
  const operations = jsonOperations(document);
  for (const { op } of operations) {
    const parameters = op.parameters ?? [];
    const body = op.requestBody?.content?.[JSON_TYPE]?.schema;
    out.push(
      `  ${op.operationId}: {`,
      `    params: ${parametersType(parameters, 'path', '    ')};`,
      `    query: ${parametersType(parameters, 'query', '    ')};`,
      `    body: ${body === undefined ? 'undefined' : schemaType(body, '    ')};`,
      `    response: ${schemaType(successOf(op).schema, '    ')};`,
      '  };',
    );
  }
  out.push('}', '', 'export const OPERATIONS = {');
  for (const { method, path, op } of operations) {
    const idempotent = (op.parameters ?? []).some(
      (parameter) => parameter.in === 'header' && parameter.name === 'Idempotency-Key',
    );
    out.push(
      `  ${op.operationId}: { method: '${method}', path: '${path}', idempotent: ${idempotent}, status: ${successOf(op).status} },`,
    );
  }
  out.push('} as const;', '');
  return out.join('\n');
}
