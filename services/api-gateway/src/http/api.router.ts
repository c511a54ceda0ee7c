import { Inject, Injectable } from '@nestjs/common';
import { CommunityIdSchema, DomainError, parseOrThrow, type ErrorCode } from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { API_GATEWAY_CONFIG, LOGGER } from '../api-gateway.tokens';
import { AuditLog } from '../audit/audit.log';
import { ApiKeyVerifier } from '../auth/api-key.verifier';
import type { ApiGatewayConfig } from '../config/api-gateway.config';
import { ApiMetrics } from '../metrics/api.metrics';
import { rateLimitHeaders, rateLimitRefusal } from '../rate-limit/rate-limit.refusal';
import { RateLimiter } from '../rate-limit/rate-limiter';
import { API_ROUTES } from './api.routes';
import { HttpRefusal, toHttpError } from './http-error';
import { parseIdempotencyKey } from './idempotency';
import { readJsonBody } from './request-body';
import type { AnyRoute, VerifiedKey } from './route';
import { compilePath, matchPath, type RoutePath } from './route-path';

/** The prefix the router serves; anything else goes on to Nest (health, docs, dashboard). */
export const API_PREFIX = '/v1/';

/** Browsers may call the API from any origin: it authenticates by header, never by cookie. */
const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After',
};
const CORS_PREFLIGHT_HEADERS = {
  ...CORS_HEADERS,
  'Access-Control-Allow-Methods': 'GET, POST, DELETE',
  'Access-Control-Allow-Headers': 'Authorization, X-Api-Key, Idempotency-Key, Content-Type',
  'Access-Control-Max-Age': '600',
};

type Found =
  | { kind: 'route'; route: AnyRoute; params: Record<string, string> }
  | { kind: 'method'; allowed: string[] }
  | { kind: 'none' };

/** 403 unless the key may use the route: its own community only, and the route's scope. */
export function checkAccess(route: AnyRoute, key: VerifiedKey, communityId: string | undefined): void {
  if (communityId !== undefined && communityId !== key.communityId) {
    throw new DomainError(
      'FORBIDDEN',
      `this API key belongs to community ${key.communityId}, not ${communityId}`,
      {
        reason: 'community',
        field: 'communityId',
      },
    );
  }
  if (route.scope !== null && !key.scopes.includes(route.scope)) {
    throw new DomainError('FORBIDDEN', `this API key lacks the ${route.scope} scope this route needs`, {
      reason: 'scope',
      requiredScope: route.scope,
      scopes: key.scopes,
    });
  }
}

/** Parse one part of the request, naming where a bad field was (path, query, body). */
function parsePart<S extends z.ZodType>(
  schema: S,
  value: unknown,
  part: 'path' | 'query' | 'body',
): z.output<S> {
  try {
    return parseOrThrow(schema, value);
  } catch (error) {
    if (error instanceof DomainError) {
      throw new DomainError(error.code, `${part}: ${error.message}`, { ...error.details, in: part });
    }
    throw error;
  }
}

/** Query parameters as an object; a repeated one becomes an array, which no schema accepts (400). */
function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of url.searchParams) {
    const existing = query[name];
    query[name] =
      existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return query;
}

/**
 * The HTTP API: one middleware, mounted before Nest's own routes, serving the route table. For each
 * request: find the route, authenticate the key, count it against the key's rate limit, check the
 * community and scope, validate path, query, body and Idempotency-Key with zod, run the handler, map
 * any error to its HTTP status, and append the outcome to the audit log.
 */
@Injectable()
export class ApiRouter {
  private readonly routes: { route: AnyRoute; path: RoutePath }[] = API_ROUTES.map((route) => ({
    route,
    path: compilePath(route.path),
  }));

  constructor(
    private readonly verifier: ApiKeyVerifier,
    private readonly limiter: RateLimiter,
    private readonly audit: AuditLog,
    private readonly commands: CommandClient,
    private readonly metrics: ApiMetrics,
    @Inject(API_GATEWAY_CONFIG) private readonly config: ApiGatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Connect-style middleware (Express calls it with next). */
  readonly middleware = (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    const path = (request.url ?? '/').split('?', 1)[0]!;
    if (!path.startsWith(API_PREFIX)) {
      next();
      return;
    }
    this.serve(request, response).catch((error: unknown) => {
      // serve() maps every error itself; this is the last guard, so a bug never becomes a crash.
      this.logger.error({ err: error }, 'request handling failed');
      if (!response.headersSent) response.writeHead(500).end();
    });
  };

  find(method: string, pathname: string): Found {
    const allowed: string[] = [];
    for (const { route, path } of this.routes) {
      const params = matchPath(path, pathname);
      if (params === null) continue;
      if (route.method === method) return { kind: 'route', route, params };
      allowed.push(route.method);
    }
    return allowed.length > 0 ? { kind: 'method', allowed } : { kind: 'none' };
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const startedAt = performance.now();
    const method = (request.method ?? 'GET').toUpperCase();
    const url = new URL(request.url ?? '/', 'http://gateway.invalid');
    if (method === 'OPTIONS') {
      response.writeHead(204, CORS_PREFLIGHT_HEADERS).end();
      return;
    }
    const found = this.find(method, url.pathname);
    const route = found.kind === 'route' ? found.route : null;
    const pathCommunity = found.kind === 'route' ? found.params['communityId'] : undefined;
    const headers: Record<string, string> = { ...CORS_HEADERS };
    let key: VerifiedKey | null = null;
    let status: number;
    let payload: unknown;
    let errorCode: ErrorCode | null = null;
    try {
      if (found.kind === 'none') {
        throw new DomainError('NOT_FOUND', `no route ${method} ${url.pathname}; see /docs`, {
          field: 'path',
        });
      }
      if (found.kind === 'method') {
        throw new HttpRefusal(
          405,
          'NOT_FOUND',
          `${method} is not allowed on ${url.pathname}; use ${found.allowed.join(' or ')}`,
          { reason: 'method', allowed: found.allowed },
          { Allow: found.allowed.join(', ') },
        );
      }
      const route = found.route;
      key = await this.verifier.authenticate(request, url);
      const decision = await this.limiter.take(key.keyId, key.rateLimitPerMinute);
      Object.assign(headers, rateLimitHeaders(decision));
      if (!decision.allowed) throw rateLimitRefusal(decision);
      checkAccess(route, key, pathCommunity);
      const params = parsePart(route.params, found.params, 'path');
      const query = route.query === undefined ? undefined : parsePart(route.query, queryOf(url), 'query');
      const body =
        route.body === undefined
          ? undefined
          : parsePart(route.body, await readJsonBody(request, this.config.API_BODY_MAX_BYTES), 'body');
      const idempotencyKey =
        route.idempotent === true ? parseIdempotencyKey(request.headers['idempotency-key']) : '';
      payload = await route.handle({
        params,
        query,
        body,
        key,
        idempotencyKey,
        commands: this.commands,
        audit: this.audit,
      });
      status = route.status ?? 200;
    } catch (error) {
      const mapped = toHttpError(error);
      if (mapped.unexpected) {
        this.logger.error({ err: error, method, route: route?.path ?? null }, 'request failed unexpectedly');
      }
      status = mapped.status;
      payload = mapped.body;
      errorCode = mapped.body.error.code;
      Object.assign(headers, mapped.headers);
    }
    this.send(response, status, headers, payload);
    const durationMs = Math.round((performance.now() - startedAt) * 10) / 10;
    const routeLabel = route?.path ?? null;
    this.metrics.requests.inc({ method, route: routeLabel ?? 'unmatched', status: String(status) });
    this.metrics.requestSeconds.observe({ method, route: routeLabel ?? 'unmatched' }, durationMs / 1000);
    const communityId =
      key?.communityId ?? (CommunityIdSchema.safeParse(pathCommunity).success ? pathCommunity! : null);
    this.audit.record({
      time: new Date().toISOString(),
      keyId: key?.keyId ?? null,
      communityId,
      method,
      route: routeLabel,
      status,
      errorCode,
      durationMs,
    });
  }

  private send(
    response: ServerResponse,
    status: number,
    headers: Record<string, string>,
    payload: unknown,
  ): void {
    if (response.headersSent || response.destroyed) return;
    const text = JSON.stringify(payload);
    response.writeHead(status, {
      ...headers,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(text)),
      'Cache-Control': 'no-store',
    });
    response.end(text);
  }
}
