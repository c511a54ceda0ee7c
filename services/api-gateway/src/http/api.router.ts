import { Inject, Injectable } from '@nestjs/common';
import { CommunityIdSchema, DomainError } from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { API_GATEWAY_CONFIG, LOGGER } from '../api-gateway.tokens';
import { AuditLog } from '../audit/audit.log';
import { AppSessionService } from '../app-auth/app-sessions.service';
import { ApiKeyVerifier } from '../auth/api-key.verifier';
import { clientAddress } from '../auth/client-address.resolver';
import { addressLimitKey } from '../shared/address-limit.key';
import type { ApiGatewayConfig } from '../config/api-gateway.config';
import { MemberLabels } from '../dashboard/member-labels.service';
import { KnownMemberships } from '../members/known-memberships.cache';
import { ApiMetrics } from '../metrics/api.metrics';
import { rateLimitHeaders, rateLimitRefusal } from '../rate-limit/rate-limit.refusal';
import { RateLimiter } from '../rate-limit/rate-limiter';
import { API_ROUTES } from './api.routes';
import { methodNotAllowed, routeNotFound, toHttpError, type HttpErrorCode } from './http-error';
import { deriveRequestId, parseIdempotencyKey } from './idempotency';
import { ReplayMarks } from './replay.marks';
import { readJsonBody } from './request-body';
import { parseRequestPart } from './request-validation';
import type { AnyRoute, MemberPrincipal, VerifiedKey } from './route';
import { compilePath, matchPath, type RoutePath } from './route-path';
import { inRequestTerms } from './service-error';

/** The prefix the router serves (and `/v1` itself); anything else goes on to Nest (health, docs, dashboard). */
export const API_PREFIX = '/v1/';

/** The header on an idempotent route's answer that repeats an earlier one (RFC draft-ietf-httpapi-idempotency-key). */
export const REPLAYED_HEADER = 'Idempotent-Replayed';

/** Browsers may call the API from any origin: it authenticates by header, never by cookie. */
const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': `X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After, Allow, ${REPLAYED_HEADER}`,
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
        in: 'path',
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

/** What a sign-in route's handler gets as its key: none (it reads none). */
const NO_KEY: VerifiedKey = { keyId: '', communityId: '', scopes: [], rateLimitPerMinute: 0 };

/**
 * A signed-in member's stand-in for a key: keyId `member:<userId>`, so rate limits, Idempotency-Keys and the
 * audit log are the member's own; the path's community (membership is checked before the handler runs);
 * no scopes, since a member acts only through the wallet's routes, as themself.
 */
export function memberKey(
  member: MemberPrincipal,
  communityId: string | undefined,
  perMinute: number,
): VerifiedKey {
  return {
    keyId: `member:${member.userId}`,
    communityId: communityId ?? '',
    scopes: [],
    rateLimitPerMinute: perMinute,
  };
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
    private readonly replays: ReplayMarks,
    private readonly names: MemberLabels,
    private readonly memberships: KnownMemberships,
    private readonly sessions: AppSessionService,
    @Inject(API_GATEWAY_CONFIG) private readonly config: ApiGatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Connect-style middleware (Express calls it with next). */
  readonly middleware = (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    const path = (request.url ?? '/').split('?', 1)[0]!;
    if (!path.startsWith(API_PREFIX) && path !== '/v1') {
      next();
      return;
    }
    this.serve(request, response).catch((error: unknown) => {
      // serve() maps every error itself; this is the last guard, so a bug never becomes a crash.
      this.logger.error({ err: error }, 'request handling failed');
      if (!response.headersSent) this.send(response, 500, { ...CORS_HEADERS }, toHttpError(error).body);
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
    let member: MemberPrincipal | null = null;
    let status: number;
    let payload: unknown;
    let errorCode: HttpErrorCode | null = null;
    try {
      if (found.kind === 'none') throw routeNotFound(method, url.pathname);
      if (found.kind === 'method') throw methodNotAllowed(method, url.pathname, found.allowed);
      const route = found.route;
      const auth = route.auth ?? 'key';
      let params: unknown;
      if (auth === 'key') {
        key = await this.verifier.authenticate(request, url);
        await this.countRequest(headers, key.keyId, key.rateLimitPerMinute);
        checkAccess(route, key, pathCommunity);
        params = parseRequestPart(route.params, found.params, 'path');
      } else if (auth === 'session') {
        member = this.sessions.authenticate(request);
        key = memberKey(member, pathCommunity, this.config.APP_SESSION_REQUESTS_PER_MINUTE);
        await this.countRequest(headers, key.keyId, key.rateLimitPerMinute);
        // Like a key's community, before the rest of the request is looked at (a malformed id is a 400 below).
        if (pathCommunity !== undefined && CommunityIdSchema.safeParse(pathCommunity).success) {
          await this.sessions.requireMembership(member, pathCommunity);
        }
        params = parseRequestPart(route.params, found.params, 'path');
      } else {
        const address = addressLimitKey(clientAddress(request, this.config.TRUST_PROXY_HOPS));
        await this.countRequest(headers, `sign-in:${address}`, this.config.APP_SIGN_INS_PER_MINUTE_MAX);
        params = parseRequestPart(route.params, found.params, 'path');
      }
      const query =
        route.query === undefined ? undefined : parseRequestPart(route.query, queryOf(url), 'query');
      const body =
        route.body === undefined
          ? undefined
          : parseRequestPart(route.body, await readJsonBody(request, this.config.API_BODY_MAX_BYTES), 'body');
      const idempotencyKey =
        route.idempotent === true ? parseIdempotencyKey(request.headers['idempotency-key']) : '';
      try {
        payload = await route.handle({
          params,
          query,
          body,
          // Sign-in routes have no key; their handlers never read it.
          key: key ?? NO_KEY,
          member,
          sessions: this.sessions,
          idempotencyKey,
          commands: this.commands,
          memberships: this.memberships,
          audit: this.audit,
          names: this.names,
        });
      } catch (error) {
        throw inRequestTerms(error, route);
      }
      status = route.status ?? 200;
      if (route.idempotent === true && key !== null) {
        const replayed = await this.replays.answered(
          deriveRequestId(key.keyId, route.operationId, idempotencyKey),
        );
        headers[REPLAYED_HEADER] = String(replayed);
      }
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
    // A member's stand-in key names the path's community, or none ('') on a route without one.
    const communityId =
      (key !== null && key.communityId !== '' ? key.communityId : null) ??
      (CommunityIdSchema.safeParse(pathCommunity).success ? pathCommunity! : null);
    this.audit.record({
      time: new Date().toISOString(),
      keyId: key !== null && key.keyId !== '' ? key.keyId : null,
      communityId,
      method,
      route: routeLabel,
      status,
      errorCode,
      durationMs,
    });
  }

  /** Count a request against its caller's limit per minute (over every replica); 429 past it. */
  private async countRequest(headers: Record<string, string>, subject: string, perMinute: number) {
    const decision = await this.limiter.take(subject, perMinute);
    Object.assign(headers, rateLimitHeaders(decision));
    if (!decision.allowed) throw rateLimitRefusal(decision);
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
