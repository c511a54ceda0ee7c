import {
  CommunityIdSchema,
  type ApiKeyScope,
  type CommandSpec,
  type CommandRequest,
  type CommandResponse,
} from '@ticketonomics/contracts';
import { z } from 'zod';
import type { AppSessionSchema } from '../app-auth/app-session.schemas';
import type { AuditReader } from '../audit/audit.log';
import type { KnownMemberships } from '../members/known-memberships.cache';
import type { HttpErrorCode } from './http-error';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

/** What apikey.verify said about the key a request presented. */
export interface VerifiedKey {
  keyId: string;
  communityId: string;
  scopes: ApiKeyScope[];
  rateLimitPerMinute: number;
}

/** How a route reaches the services: the CommandClient's typed request, and nothing else. */
export interface Commands {
  request<C extends CommandSpec>(
    command: C,
    payload: CommandRequest<C>,
    options?: { timeoutMs?: number },
  ): Promise<CommandResponse<C>>;
}

/** A member signed in to the wallet: who, by which session, until when (a session token's claims). */
export interface MemberPrincipal {
  userId: string;
  sessionId: string;
  telegramUserId: string;
  /** When this token stops being valid (ISO time). */
  expiresAt: string;
  /** When refreshing can no longer extend the sign-in (ISO time). */
  sessionExpiresAt: string;
}

/**
 * Who may call a route: an API key (`key`, the default), a member signed in to the wallet (`session`:
 * Authorization: Bearer with a session token, acting only as themself in communities they belong to), or
 * anyone (`sign-in`: the routes that exchange a Telegram sign-in for a session, limited per address).
 */
export type RouteAuth = 'key' | 'session' | 'sign-in';

/** What the wallet's sign-in routes ask of the gateway's sessions (app-auth/app-sessions.service.ts). */
export interface AppSessions {
  signInWebApp(body: { initData: string; communityId?: string | undefined }): Promise<AppSessionView>;
  signInLoginWidget(body: LoginWidgetBody): Promise<AppSessionView>;
  refresh(member: MemberPrincipal, communityId: string | undefined): Promise<AppSessionView>;
}

/** The Telegram Login Widget's payload as the page receives it (numbers as numbers). */
export interface LoginWidgetBody {
  id: number;
  first_name: string;
  last_name?: string | undefined;
  username?: string | undefined;
  photo_url?: string | undefined;
  auth_date: number;
  hash: string;
  communityId?: string | undefined;
}

/** A session as the sign-in routes answer it. */
export type AppSessionView = z.input<typeof AppSessionSchema>;

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /**
   * The API key, or on a session route the member's stand-in: keyId `member:<userId>` (so Idempotency-Keys
   * and rate limits are the member's own), the path's community, no scopes.
   */
  key: VerifiedKey;
  /** The signed-in member on a session route; null on the others. */
  member: MemberPrincipal | null;
  /** The wallet's sessions, for the sign-in routes. */
  sessions: AppSessions;
  /** The Idempotency-Key header, checked; set on routes with `idempotent: true`. */
  idempotencyKey: string;
  commands: Commands;
  /** Who accounts said was ever a member, for the ledger routes' check. */
  memberships: KnownMemberships;
  /** The audit log, for the route that reads it. */
  audit: AuditReader;
  names: MemberNames;
}

/** A field of the request as the caller sent it: `to` in the body. */
export interface RequestField {
  field: string;
  in: 'path' | 'query' | 'body';
  /** The message of a NOT_FOUND for this field, when the service's would speak of its own ids. */
  notFound?: string;
}

/** An example request: the path parameters, query and body the caller sends (headers are the route's). */
export interface ExampleRequest {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
}

/** A route's example requests: the success, and one per code its request alone can cause. */
export type RouteExamples = { ok: ExampleRequest } & Partial<Record<HttpErrorCode, ExampleRequest>>;

/**
 * What the gateway answers a keyed route before its handler runs: no usable key, past the key's rate
 * limit, a service down (the key is checked by accounts), and another community or a missing scope (for a
 * route of a community or a route needing a scope).
 */
export const KEYED_ERRORS = ['UNAUTHENTICATED', 'FORBIDDEN', 'RATE_LIMITED', 'UNAVAILABLE'] as const;
/** What every write with an Idempotency-Key and a body can answer besides its own refusals. */
export const IDEMPOTENT_WRITE_ERRORS = [
  ...KEYED_ERRORS,
  'VALIDATION_FAILED',
  'PAYLOAD_TOO_LARGE',
  'IDEMPOTENCY_CONFLICT',
] as const;

/**
 * Codes a route declares without an example request of its own: the key makes them (none, one without
 * the scope, one past its rate limit), the body's size, or a service that is down or shedding load.
 */
export const EXAMPLE_FREE_ERRORS: readonly HttpErrorCode[] = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'UNAVAILABLE',
  'OVERLOADED',
];

/** Display names of members, as the accounts service knows them (the dashboard's labels). */
export interface MemberNames {
  memberLabel(memberId: string): Promise<string>;
}

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/**
 * One HTTP route, declared once: the API router builds its handler and the OpenAPI document its
 * operation from this. Handlers are thin: they turn the HTTP request into one or two commands.
 */
export interface RouteSpec<
  P extends Schema = Schema,
  Q extends Schema | undefined = Schema | undefined,
  B extends Schema | undefined = Schema | undefined,
  R extends Schema = Schema,
> {
  method: HttpMethod;
  /** Express-style path: `/v1/communities/:communityId/supply`. */
  path: string;
  operationId: string;
  /** OpenAPI tag: the feature folder. */
  tag: string;
  /** The scope a key must list (null: any valid key). Scopes are independent: `admin` does not imply `read`. */
  scope: ApiKeyScope | null;
  /** Who may call it (default `key`); session and sign-in routes take no API key (scope null). */
  auth?: RouteAuth;
  summary: string;
  description?: string;
  params: P;
  query?: Q;
  body?: B;
  /** The request must carry an Idempotency-Key header; the same key and header return the first result. */
  idempotent?: boolean;
  /** Success status (default 200). */
  status?: 200 | 201;
  response: R;
  /**
   * Every code this route can answer (INTERNAL aside): the gateway's before the handler runs (KEYED_ERRORS,
   * VALIDATION_FAILED for its inputs, PAYLOAD_TOO_LARGE for a body, IDEMPOTENCY_CONFLICT for an
   * idempotent route) and its handler's. The OpenAPI document lists an example of each, and
   * test/openapi-examples.e2e-spec.ts provokes each against the running gateway.
   */
  errors: readonly HttpErrorCode[];
  /** The services' field names as this route's request fields (`creditAccountId` is the body's `to`). */
  fields?: Record<string, RequestField>;
  /**
   * Example requests against the example community (openapi/example.ids.ts): the success, and one per
   * declared code that its request alone causes (those made by the key or the body's size are made by the
   * test: see EXAMPLE_FREE_ERRORS). Their answers are recorded from the running gateway into
   * openapi/openapi.examples.json, which the document shows.
   */
  examples: RouteExamples;
  handle(context: RouteContext<z.output<P>, Out<Q>, Out<B>>): Promise<z.input<R>>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteSpec<any, any, any, any>;

export function defineRoute<
  P extends Schema,
  R extends Schema,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
>(spec: RouteSpec<P, Q, B, R>): AnyRoute {
  return spec as AnyRoute;
}

/** Path parameters of a community route: `:communityId` plus the route's own. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export function communityParams<T extends z.ZodRawShape = {}>(shape: T = {} as T) {
  return z.strictObject({ communityId: CommunityIdSchema, ...shape });
}

/**
 * A whole number from a path or query string ("17"), checked by `schema`. Anything else is passed on as
 * is, so the schema names what is wrong with it.
 */
export function intFromString<S extends z.ZodType>(schema: S) {
  return z.preprocess(
    (value) => (typeof value === 'string' && /^-?[0-9]{1,16}$/.test(value) ? Number(value) : value),
    schema,
  );
}

/** A boolean from a query string: "true" or "false". */
export function boolFromString() {
  return z.preprocess(
    (value) => (value === 'true' ? true : value === 'false' ? false : value),
    z.boolean({ error: 'must be true or false' }),
  );
}

/** A comma-separated list in a query string ("a,b"), each item checked by `item`. */
export function csvFromString<S extends z.ZodType>(item: S, max: number) {
  return z.preprocess(
    (value) => (typeof value === 'string' ? value.split(',').filter((part) => part !== '') : value),
    z.array(item).max(max, { error: `must list at most ${max} items` }),
  );
}
