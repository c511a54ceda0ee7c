import {
  CommunityIdSchema,
  type ApiKeyScope,
  type CommandSpec,
  type CommandRequest,
  type CommandResponse,
} from '@ticketonomics/contracts';
import { z } from 'zod';
import type { AuditReader } from '../audit/audit.log';

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

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  key: VerifiedKey;
  /** The Idempotency-Key header, checked; set on routes with `idempotent: true`. */
  idempotencyKey: string;
  commands: Commands;
  /** The audit log, for the route that reads it. */
  audit: AuditReader;
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
