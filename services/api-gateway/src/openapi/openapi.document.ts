import { API_KEY_SCOPES, ErrorBodySchema } from '@ticketonomics/contracts';
import { z } from 'zod';
import { API_EVENTS_PATH, EventStreamQuerySchema } from '../events/api-events.route';
import { IDEMPOTENCY_KEY_LENGTH_MAX } from '../http/idempotency';
import type { AnyRoute } from '../http/route';
import { openApiPath } from '../http/route-path';

type JsonSchema = Record<string, unknown>;

export interface OpenApiOperation {
  operationId: string;
  tags: string[];
  summary: string;
  description: string;
  parameters: JsonSchema[];
  requestBody?: JsonSchema;
  responses: Record<string, JsonSchema>;
  security: Record<string, string[]>[];
  'x-required-scope': string | null;
  'x-websocket'?: boolean;
}

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, JsonSchema> };
}

const ERROR_REF = { $ref: '#/components/schemas/Error' };
const SECURITY: Record<string, string[]>[] = [{ bearerAuth: [] }, { apiKeyHeader: [] }];

/** A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect); refinements and transforms show as their base. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const converted = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  delete converted['$schema'];
  return converted;
}

function shapeOf(schema: z.ZodType | undefined): Record<string, z.ZodType> {
  return schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType>) : {};
}

function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query'): JsonSchema[] {
  return Object.entries(shapeOf(schema)).map(([name, field]) => ({
    name,
    in: where,
    required: where === 'path' || !field.safeParse(undefined).success,
    schema: jsonSchema(field, 'input'),
  }));
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ERROR_REF } },
});

function errorResponses(route: AnyRoute): Record<string, JsonSchema> {
  const responses: Record<string, JsonSchema> = {
    '400': errorResponse('VALIDATION_FAILED: a bad path, query, body or header; details.field names it'),
    '401': errorResponse(
      'UNAUTHENTICATED with details.reason missing, invalid or revoked: no usable API key (WWW-Authenticate: Bearer)',
    ),
    '403': errorResponse('FORBIDDEN: another community (reason community) or a missing scope (reason scope)'),
    '404': errorResponse('NOT_FOUND'),
    '429': errorResponse(
      "RATE_LIMITED: the key's requests per minute (reason key), the address's failed authentications (reason auth_failures) or the community's wrong link codes (reason link_code_failures); wait Retry-After seconds",
    ),
    '503': errorResponse('UNAVAILABLE or OVERLOADED: a service is down or busy; retry after Retry-After'),
  };
  if (route.method !== 'GET') {
    responses['409'] = errorResponse(
      'IDEMPOTENCY_CONFLICT or CONFLICT: clashes with an earlier request or what exists',
    );
    responses['422'] = errorResponse(
      'the economy or its rules refuse it: INSUFFICIENT_FUNDS, ACCOUNT_FROZEN, LIMIT_EXCEEDED, SOLD_OUT, LINK_CODE_INVALID...',
    );
  }
  if (route.body !== undefined) responses['413'] = errorResponse('VALIDATION_FAILED: the body is too large');
  return responses;
}

function operationOf(route: AnyRoute): OpenApiOperation {
  const parameters = [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')];
  if (route.idempotent === true) {
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: true,
      description: 'A unique string per operation (a UUID); send the same one to retry safely.',
      schema: { type: 'string', minLength: 1, maxLength: IDEMPOTENCY_KEY_LENGTH_MAX },
    });
  }
  const scope = route.scope === null ? 'any valid key' : `the \`${route.scope}\` scope`;
  const operation: OpenApiOperation = {
    operationId: route.operationId,
    tags: [route.tag],
    summary: route.summary,
    description: [route.description, `Needs ${scope}.`].filter(Boolean).join('\n\n'),
    parameters,
    responses: {
      [String(route.status ?? 200)]: {
        description: 'OK',
        content: { 'application/json': { schema: jsonSchema(route.response, 'output') } },
      },
      ...errorResponses(route),
    },
    security: SECURITY,
    'x-required-scope': route.scope,
  };
  if (route.body !== undefined) {
    operation.requestBody = {
      required: true,
      content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
    };
  }
  return operation;
}

/** The WebSocket stream, described as the GET that upgrades (OpenAPI has no WebSocket operations). */
function eventStreamOperation(): OpenApiOperation {
  return {
    operationId: 'streamEvents',
    tags: ['events'],
    summary: "A WebSocket streaming the community's events live, as CloudEvent JSON text messages.",
    description: [
      'Connect with a WebSocket client (ws://host/v1/communities/{communityId}/events?types=tk.evt.ledger.*).',
      'The key goes in Authorization / X-Api-Key, or in the `key` query parameter for browsers.',
      'API key and webhook events are sent to admin keys only. A client too far behind is closed with 1013;',
      'a revoked key with 1008; shutdown with 1001. Needs the `read` scope.',
    ].join(' '),
    parameters: [
      ...parametersOf(z.strictObject({ communityId: z.string() }), 'path'),
      ...parametersOf(EventStreamQuerySchema, 'query'),
    ],
    responses: {
      '101': { description: 'Switching Protocols: the stream is open' },
      '400': errorResponse('VALIDATION_FAILED: a bad types filter'),
      '401': errorResponse('UNAUTHENTICATED: no usable API key'),
      '403': errorResponse('FORBIDDEN: another community, or no read scope'),
      '429': errorResponse('RATE_LIMITED: rate limit reached'),
      '503': errorResponse('too many open streams'),
    },
    security: SECURITY,
    'x-required-scope': 'read',
    'x-websocket': true,
  };
}

/** The OpenAPI 3.1 document of the route table, with the WebSocket stream described beside it. */
export function buildOpenApiDocument(routes: readonly AnyRoute[], version: string): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operationOf(route) };
  }
  paths[openApiPath(API_EVENTS_PATH)] = { get: eventStreamOperation() };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Ticketonomics HTTP API',
      version,
      description: [
        "REST over the services' commands for game servers and web apps, per community, with API keys.",
        `Send the key as \`Authorization: Bearer tk_...\` or \`X-Api-Key: tk_...\`; each key has scopes (${API_KEY_SCOPES.join(', ')}) and a rate limit per minute (X-RateLimit-Limit, -Remaining, -Reset in seconds; 429 RATE_LIMITED with Retry-After past it). No usable key is 401 UNAUTHENTICATED; an address that keeps failing to authenticate gets 429 for a while.`,
        'Errors are `{"error":{"code","message","details"}}` with the wire format\'s stable codes.',
      ].join('\n\n'),
    },
    paths,
    components: {
      schemas: { Error: jsonSchema(z.strictObject({ error: ErrorBodySchema }), 'output') },
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer tk_...' },
        apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
      },
    },
  };
}
