import {
  AccountSchema,
  API_KEY_SCOPES,
  ApiKeyVerifiedSchema,
  ArtifactTypeSchema,
  BalanceViewSchema,
  CommunitySchema,
  EditionSchema,
  ERROR_DETAILS_EXAMPLES,
  IdentitySchema,
  ListingSchema,
  MembershipSchema,
  PledgeSchema,
  PoolSchema,
  ProposalSchema,
  ShopItemSchema,
  TradeSchema,
  TransferResultSchema,
  TransferSchema,
  UserSchema,
  WebhookSchema,
} from '@ticketonomics/contracts';
import { z } from 'zod';
import { API_EVENTS_PATH, EventStreamQuerySchema } from '../events/api-events.route';
import { REPLAYED_HEADER } from '../http/api.router';
import { HTTP_ERROR_DETAILS } from '../http/http-error-details';
import {
  HTTP_ERROR_CODES,
  HTTP_ERROR_MEANINGS,
  HTTP_STATUS_BY_CODE,
  HttpErrorBodySchema,
  type HttpErrorCode,
} from '../http/http-error';
import { IDEMPOTENCY_KEY_LENGTH_MAX } from '../http/idempotency';
import type { AnyRoute, ExampleRequest, RouteExamples } from '../http/route';
import { openApiPath } from '../http/route-path';
import { AppSessionSchema } from '../app-auth/app-session.schemas';
import { MemberViewSchema } from '../members/members.routes';
import { EX } from './example.ids';
import RECORDED_JSON from './openapi.examples.json';
import { PUBLIC_ROUTES, PUBLIC_SCHEMAS, type PublicRoute } from './public-routes.openapi';

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
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: {
    schemas: Record<string, JsonSchema>;
    headers: Record<string, JsonSchema>;
    examples: Record<string, JsonSchema>;
    securitySchemes: Record<string, JsonSchema>;
  };
}

const SECURITY: Record<string, string[]>[] = [{ bearerAuth: [] }, { apiKeyHeader: [] }];
/** The wallet's routes take a member's session token, never an API key. */
const MEMBER_SECURITY: Record<string, string[]>[] = [{ memberSession: [] }];
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const headerRef = (name: string) => ({ $ref: `#/components/headers/${name}` });

/** The component schema of a code's `details`. */
export function errorDetailsName(code: HttpErrorCode): string {
  return `ErrorDetails.${code}`;
}

/** The error answer of an operation's codes of one status: the Error shape, `details` as its code says. */
function errorSchemaOf(codes: readonly HttpErrorCode[]): JsonSchema {
  const byCode = codes.map((code) => ({
    type: 'object',
    properties: {
      error: {
        type: 'object',
        properties: { code: { const: code }, details: ref(errorDetailsName(code)) },
      },
    },
  }));
  return { allOf: [ref('Error'), byCode.length === 1 ? byCode[0] : { anyOf: byCode }] };
}

/** The things several routes answer, named once: a route's answer holding one refers to it. */
const SHARED_OUTPUTS: [z.ZodType, string][] = [
  [TransferSchema, 'Transfer'],
  [TransferResultSchema, 'TransferResult'],
  [AccountSchema, 'Account'],
  [BalanceViewSchema, 'Balance'],
  [UserSchema, 'User'],
  [IdentitySchema, 'Identity'],
  [MembershipSchema, 'Membership'],
  [MemberViewSchema, 'Member'],
  [CommunitySchema, 'Community'],
  [ApiKeyVerifiedSchema, 'ApiKey'],
  [ArtifactTypeSchema, 'ArtifactType'],
  [EditionSchema, 'Edition'],
  [ShopItemSchema, 'ShopItem'],
  [ListingSchema, 'Listing'],
  [TradeSchema, 'Trade'],
  [WebhookSchema, 'Webhook'],
  [ProposalSchema, 'Proposal'],
  [PoolSchema, 'Pool'],
  [PledgeSchema, 'Pledge'],
  [AppSessionSchema, 'AppSession'],
];

const pascal = (id: string) => `${id[0]!.toUpperCase()}${id.slice(1)}`;

/** The codes the WebSocket stream's upgrade can answer (it is no route of the table). */
const STREAM_ERRORS: readonly HttpErrorCode[] = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'NOT_FOUND',
  'OVERLOADED',
];

/** An answer recorded from the running gateway: its status and body (the live feed's first text). */
export interface RecordedAnswer {
  status: number;
  body: unknown;
}

/** The answers to the routes' example requests, by operationId, then `ok` or the error code. */
export type RecordedExamples = Record<string, Record<string, RecordedAnswer>>;

/** Recorded by test/openapi-examples.e2e-spec.ts (UPDATE_OPENAPI_EXAMPLES=1), which checks them too. */
export const RECORDED_EXAMPLES = RECORDED_JSON as RecordedExamples;

/** An example error answer of each code, for the codes no example request provokes (a service down). */
export const ERROR_EXAMPLES: Record<HttpErrorCode, z.infer<typeof HttpErrorBodySchema>> = Object.fromEntries(
  Object.keys(HTTP_STATUS_BY_CODE).map((code) => [
    code,
    {
      error: {
        code,
        message: HTTP_ERROR_MEANINGS[code as HttpErrorCode],
        details: (ERROR_DETAILS_EXAMPLES as Record<string, object>)[code] ?? {},
      },
    },
  ]),
) as never;
Object.assign(ERROR_EXAMPLES, {
  VALIDATION_FAILED: {
    error: {
      code: 'VALIDATION_FAILED',
      message: 'amount: must be an integer number of tickets (no fractions, no strings)',
      details: {
        field: 'amount',
        in: 'body',
        issues: [
          { field: 'amount', message: 'must be an integer number of tickets (no fractions, no strings)' },
        ],
      },
    },
  },
  NOT_FOUND: {
    error: {
      code: 'NOT_FOUND',
      message:
        'to: is not a member of this community; register the player first (POST /v1/communities/{communityId}/members)',
      details: { field: 'to', in: 'body' },
    },
  },
  METHOD_NOT_ALLOWED: {
    error: {
      code: 'METHOD_NOT_ALLOWED',
      message: 'DELETE is not allowed on /v1/communities/arcade/supply; use GET',
      details: { reason: 'method', allowed: ['GET'] },
    },
  },
  PAYLOAD_TOO_LARGE: {
    error: {
      code: 'PAYLOAD_TOO_LARGE',
      message: HTTP_ERROR_MEANINGS.PAYLOAD_TOO_LARGE,
      details: { field: '$', in: 'body', reason: 'too_large', maxBytes: 65_536 },
    },
  },
  UNAUTHENTICATED: {
    error: {
      code: 'UNAUTHENTICATED',
      message:
        'missing API key: send it as Authorization: Bearer tk_... or X-Api-Key: tk_... (a community admin creates keys with /apikey)',
      details: { reason: 'missing' },
    },
  },
  FORBIDDEN: {
    error: {
      code: 'FORBIDDEN',
      message: 'this API key lacks the transfer scope this route needs',
      details: { reason: 'scope', requiredScope: 'transfer', scopes: ['read'] },
    },
  },
  RATE_LIMITED: {
    error: {
      code: 'RATE_LIMITED',
      message: 'rate limit of 600 requests per minute reached; retry in 17 s',
      details: { reason: 'key', limit: 600, windowSeconds: 60, retryAfterSeconds: 17 },
    },
  },
  UNAVAILABLE: {
    error: {
      code: 'UNAVAILABLE',
      message: 'the ledger service did not answer in time; retry shortly',
      details: {},
    },
  },
});

function shapeOf(schema: z.ZodType | undefined): Record<string, z.ZodType> {
  return schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType>) : {};
}

function parametersOf(
  schema: z.ZodType | undefined,
  where: 'path' | 'query',
  example: ExampleRequest = {},
): JsonSchema[] {
  const values = where === 'path' ? { communityId: EX.community, ...example.params } : (example.query ?? {});
  return Object.entries(shapeOf(schema)).map(([name, field]) => {
    const converted = z.toJSONSchema(field, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    delete converted['$schema'];
    const value = values[name];
    return {
      name,
      in: where,
      required: where === 'path' || !field.safeParse(undefined).success,
      schema: converted,
      ...(value !== undefined ? { example: value } : {}),
    };
  });
}

/**
 * The error examples of the whole document: an answer several operations give (a missing key, a scope
 * they lack) is a named component they refer to; one only an operation gives is written where it is used.
 */
class ErrorExamples {
  private readonly uses = new Map<string, number>();
  readonly named: Record<string, JsonSchema> = {};
  private readonly names = new Map<string, string>();

  /** The example an operation shows for a code: its recorded answer, else the code's generic one. */
  static of(operationId: string, code: HttpErrorCode): unknown {
    const recorded = RECORDED_EXAMPLES[operationId]?.[code];
    return recorded !== undefined ? recorded.body : ERROR_EXAMPLES[code];
  }

  count(value: unknown): void {
    const text = JSON.stringify(value);
    this.uses.set(text, (this.uses.get(text) ?? 0) + 1);
  }

  use(code: HttpErrorCode, value: unknown): JsonSchema {
    const text = JSON.stringify(value);
    const summary = HTTP_ERROR_MEANINGS[code];
    if ((this.uses.get(text) ?? 0) < 2) return { summary, value };
    let name = this.names.get(text);
    if (name === undefined) {
      const details = (value as { error: { details: Record<string, unknown> } }).error.details;
      const words = [code, details['reason'], details['requiredScope'], details['field']]
        .filter((word): word is string => typeof word === 'string')
        .map((word) =>
          (word === code ? word.toLowerCase() : word).replace(/(^|[_\s-])([a-z0-9])/g, (_m, _s, c: string) =>
            c.toUpperCase(),
          ),
        );
      const base = words.join('').replace(/[^A-Za-z0-9]/g, '');
      name = base;
      for (let n = 2; this.named[name] !== undefined; n += 1) name = `${base}${n}`;
      this.named[name] = { summary, value };
      this.names.set(text, name);
    }
    return { $ref: `#/components/examples/${name}` };
  }
}

/** The error answers of an operation by status, each with an example of every code it declares. */
function errorResponses(
  operationId: string,
  codes: readonly HttpErrorCode[],
  book: ErrorExamples,
): Record<string, JsonSchema> {
  const byStatus = new Map<string, HttpErrorCode[]>();
  for (const code of codes) {
    const status = String(HTTP_STATUS_BY_CODE[code]);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<string, JsonSchema> = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a.localeCompare(b))) {
    const headers: JsonSchema = {};
    const examples: JsonSchema = {};
    for (const code of list) {
      examples[code] = book.use(code, ErrorExamples.of(operationId, code));
      if (code === 'RATE_LIMITED')
        Object.assign(headers, RATE_HEADERS, { 'Retry-After': headerRef('Retry-After') });
      if (HTTP_STATUS_BY_CODE[code] === 503) headers['Retry-After'] = headerRef('Retry-After');
    }
    responses[status] = {
      description: list.join(', '),
      ...(Object.keys(headers).length > 0 ? { headers } : {}),
      content: { 'application/json': { schema: errorSchemaOf(list), examples } },
    };
  }
  return responses;
}

const RATE_HEADERS = {
  'X-RateLimit-Limit': headerRef('X-RateLimit-Limit'),
  'X-RateLimit-Remaining': headerRef('X-RateLimit-Remaining'),
  'X-RateLimit-Reset': headerRef('X-RateLimit-Reset'),
};

/** The recorded success answer of an operation, as its example (none until it is recorded). */
function successExample(operationId: string): JsonSchema {
  const recorded = RECORDED_EXAMPLES[operationId]?.['ok'];
  return recorded === undefined ? {} : { example: recorded.body };
}

function operationOf(route: AnyRoute, names: Map<z.ZodType, string>, book: ErrorExamples): OpenApiOperation {
  const examples: RouteExamples = route.examples;
  const parameters = [
    ...parametersOf(route.params, 'path', examples.ok),
    ...parametersOf(route.query, 'query', examples.ok),
  ];
  if (route.idempotent === true) {
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: true,
      description: `A unique string per operation (a UUID); send the same one to retry safely. A repeat answers the first result with ${REPLAYED_HEADER}: true.`,
      schema: { type: 'string', minLength: 1, maxLength: IDEMPOTENCY_KEY_LENGTH_MAX },
      example: '3f1c9a52-7d4e-4b8a-9c1e-2a6f0b5d8e71',
    });
  }
  const auth = route.auth ?? 'key';
  const needs =
    auth === 'session'
      ? "Needs a member's session token (`Authorization: Bearer tkm1...`, from POST /v1/app/sessions/...); the member acts as themself, in communities they are an active member of."
      : auth === 'sign-in'
        ? 'Needs no key: sign-in attempts are limited per client address (APP_SIGN_INS_PER_MINUTE_MAX).'
        : `Needs ${route.scope === null ? 'any valid key' : `the \`${route.scope}\` scope`}.`;
  const successHeaders: JsonSchema = { ...RATE_HEADERS };
  if (route.idempotent === true) successHeaders[REPLAYED_HEADER] = headerRef(REPLAYED_HEADER);
  const operation: OpenApiOperation = {
    operationId: route.operationId,
    tags: [route.tag],
    summary: route.summary,
    description: [route.description, needs].filter(Boolean).join('\n\n'),
    parameters,
    responses: {
      [String(route.status ?? 200)]: {
        description:
          route.status === 201
            ? 'Created (or, for a repeated Idempotency-Key, the first answer again)'
            : 'OK',
        headers: successHeaders,
        content: {
          'application/json': {
            schema: ref(names.get(route.response)!),
            ...successExample(route.operationId),
          },
        },
      },
      ...errorResponses(route.operationId, route.errors, book),
    },
    security: auth === 'session' ? MEMBER_SECURITY : auth === 'sign-in' ? [] : SECURITY,
    'x-required-scope': route.scope,
  };
  if (route.body !== undefined) {
    operation.requestBody = {
      required: true,
      content: {
        'application/json': { schema: ref(`${pascal(route.operationId)}Request`), example: examples.ok.body },
      },
    };
  }
  return operation;
}

/** The WebSocket stream, described as the GET that upgrades (OpenAPI has no WebSocket operations). */
function eventStreamOperation(book: ErrorExamples): OpenApiOperation {
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
      ...errorResponses('streamEvents', STREAM_ERRORS, book),
    },
    security: SECURITY,
    'x-required-scope': 'read',
    'x-websocket': true,
  };
}

function publicOperation(route: PublicRoute, book: ErrorExamples): OpenApiOperation {
  return {
    operationId: route.operationId,
    tags: ['public'],
    summary: route.summary,
    description:
      'Key-less and read-only, for a community whose admins made its dashboard public (a private or unknown community is the same 404). Limited per client address, with the X-RateLimit headers on every answer.',
    parameters: [
      ...parametersOf(z.strictObject({ communityId: z.string() }), 'path', route.examples.ok),
      ...Object.entries(route.query ?? {}).map(([name, query]) => ({
        name,
        in: 'query',
        required: false,
        ...query,
        ...(route.examples.ok.query?.[name] !== undefined ? { example: route.examples.ok.query[name] } : {}),
      })),
    ],
    responses: {
      '200': {
        description: 'OK',
        headers: RATE_HEADERS,
        content:
          route.response === null
            ? { 'text/event-stream': { schema: { type: 'string' }, ...successExample(route.operationId) } }
            : { 'application/json': { schema: ref(route.response), ...successExample(route.operationId) } },
      },
      ...errorResponses(route.operationId, route.errors, book),
    },
    security: [],
    'x-required-scope': null,
  };
}

const HEADERS: Record<string, JsonSchema> = {
  'X-RateLimit-Limit': { description: 'Requests allowed in the window.', schema: { type: 'integer' } },
  'X-RateLimit-Remaining': { description: 'Requests left in the window.', schema: { type: 'integer' } },
  'X-RateLimit-Reset': { description: 'Seconds until the window starts over.', schema: { type: 'integer' } },
  'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } },
  Allow: { description: 'The methods the path takes.', schema: { type: 'string' } },
  [REPLAYED_HEADER]: {
    description:
      'true when this answer repeats the first answer to the same Idempotency-Key (nothing happened again).',
    schema: { type: 'string', enum: ['true', 'false'] },
  },
};

/** The OpenAPI 3.1 document of the route table and the public routes, with the WebSocket stream beside them. */
export function buildOpenApiDocument(routes: readonly AnyRoute[], version: string): OpenApiDocument {
  const outputs = z.registry<{ id?: string }>();
  const inputs = z.registry<{ id?: string }>();
  const names = new Map<z.ZodType, string>();
  for (const [schema, name] of SHARED_OUTPUTS) {
    outputs.add(schema, { id: name });
    names.set(schema, name);
  }
  for (const [name, schema] of Object.entries(PUBLIC_SCHEMAS)) outputs.add(schema, { id: name });
  outputs.add(HttpErrorBodySchema, { id: 'Error' });
  for (const route of routes) {
    if (!names.has(route.response)) {
      const name = `${pascal(route.operationId)}Response`;
      outputs.add(route.response, { id: name });
      names.set(route.response, name);
    }
    if (route.body !== undefined) inputs.add(route.body, { id: `${pascal(route.operationId)}Request` });
  }
  const schemas: Record<string, JsonSchema> = {};
  for (const [registry, io] of [
    [outputs, 'output'],
    [inputs, 'input'],
  ] as const) {
    const converted = z.toJSONSchema(registry, {
      io,
      unrepresentable: 'any',
      uri: (id) => `#/components/schemas/${id}`,
    });
    for (const [name, schema] of Object.entries(converted.schemas)) {
      const clean = { ...(schema as JsonSchema) };
      delete clean['$schema'];
      delete clean['$id'];
      schemas[name] = clean;
    }
  }
  for (const code of HTTP_ERROR_CODES) {
    const { $schema: _dialect, ...schema } = z.toJSONSchema(HTTP_ERROR_DETAILS[code], { io: 'input' });
    schemas[errorDetailsName(code)] = {
      ...schema,
      description: `The details of ${code}: ${HTTP_ERROR_MEANINGS[code]}`,
    };
  }
  const book = new ErrorExamples();
  const declared: [string, readonly HttpErrorCode[]][] = [
    ...routes.map((route) => [route.operationId, route.errors] as [string, readonly HttpErrorCode[]]),
    ...PUBLIC_ROUTES.map((route) => [route.operationId, route.errors] as [string, readonly HttpErrorCode[]]),
    ['streamEvents', STREAM_ERRORS],
  ];
  for (const [operationId, codes] of declared)
    for (const code of codes) book.count(ErrorExamples.of(operationId, code));
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operationOf(route, names, book) };
  }
  paths[openApiPath(API_EVENTS_PATH)] = { get: eventStreamOperation(book) };
  for (const route of PUBLIC_ROUTES) paths[route.path] = { get: publicOperation(route, book) };
  const tags = [...new Set([...routes.map((route) => route.tag), 'events', 'public'])].map((name) => ({
    name,
    description: name === 'public' ? "The public dashboard's key-less JSON" : `The ${name} routes`,
  }));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Ticketonomics HTTP API',
      version,
      description: [
        "REST over the services' commands for game servers and web apps, per community, with API keys.",
        `Send the key as \`Authorization: Bearer tk_...\` or \`X-Api-Key: tk_...\`; each key has scopes (${API_KEY_SCOPES.join(', ')}) and a rate limit per minute (X-RateLimit-Limit, -Remaining, -Reset in seconds; 429 RATE_LIMITED with Retry-After past it). No usable key is 401 UNAUTHENTICATED; an address that keeps failing to authenticate gets 429 for a while.`,
        "The wallet's routes (/v1/app) are a member's own, signed in with Telegram: see the wallet tag.",
        'Every error, on every path, is `{"error":{"code","message","details"}}`: `details.field` and `details.in` name the part of the request at fault, in the names you sent.',
        `A repeated Idempotency-Key answers the first result again with \`${REPLAYED_HEADER}: true\`.`,
      ].join('\n\n'),
    },
    tags,
    paths,
    components: {
      schemas,
      headers: HEADERS,
      examples: book.named,
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer tk_...' },
        apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
        memberSession: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'tkm1',
          description:
            "Authorization: Bearer tkm1... : a member's session token from POST /v1/app/sessions/telegram-webapp or /telegram-login (the wallet routes only)",
        },
      },
    },
  };
}
