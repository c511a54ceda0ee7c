import { Injectable } from '@nestjs/common';
import {
  CommunityIdSchema,
  DomainError,
  EventTypePatternSchema,
  INTEGRATION_LIMITS,
  isDomainError,
  parseOrThrow,
} from '@ticketonomics/contracts';
import type { IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { AuditLog } from '../audit/audit.log';
import { ApiKeyVerifier } from '../auth/api-key.verifier';
import { checkAccess } from '../http/api.router';
import { toHttpError } from '../http/http-error';
import { csvFromString, type AnyRoute, type VerifiedKey } from '../http/route';
import { rateLimitRefusal } from '../rate-limit/rate-limit.refusal';
import { RateLimiter } from '../rate-limit/rate-limiter';
import type { EventStreamRoute, StreamGrant } from './event-stream.server';

export const API_EVENTS_PATH = '/v1/communities/:communityId/events';

/**
 * The stream's query: the key (browsers cannot set headers on a WebSocket), a types filter, and where to
 * resume: the `streamseq` of the last event the client saw.
 */
export const EventStreamQuerySchema = z.strictObject({
  key: z.string().optional(),
  types: csvFromString(EventTypePatternSchema, INTEGRATION_LIMITS.webhookEventTypesMax).optional(),
  after: z
    .string()
    .regex(/^(0|[1-9][0-9]{0,15})$/, 'must be the streamseq of an event (a whole number)')
    .optional()
    .describe(
      'Resume after this stream position (the `streamseq` of the last event seen): the events missed since are sent first, each once. Too far back, the first frame is {"kind":"reset",...}: reload the state over REST.',
    ),
});

/** Stands for the stream in access checks: it needs the read scope. */
const STREAM_ACCESS = { scope: 'read' } as AnyRoute;

/**
 * The authenticated event stream of a community: the same key, rate limit, community and scope checks
 * as the REST routes (opening a stream counts as one request), and an audit entry for every attempt
 * (status 101 for a stream opened, 429 for one past the key's stream cap).
 */
@Injectable()
export class ApiEventsRoute implements EventStreamRoute {
  readonly path = API_EVENTS_PATH;

  /** The audit record of each granted attempt, written when the server settles it. */
  private readonly outcomes = new WeakMap<StreamGrant, (status: number, errorCode: string | null) => void>();

  constructor(
    private readonly verifier: ApiKeyVerifier,
    private readonly limiter: RateLimiter,
    private readonly audit: AuditLog,
  ) {}

  settled(grant: StreamGrant, status: number, errorCode: string | null): void {
    this.outcomes.get(grant)?.(status, errorCode);
    this.outcomes.delete(grant);
  }

  async authorize(request: IncomingMessage, url: URL, params: Record<string, string>): Promise<StreamGrant> {
    const startedAt = performance.now();
    let key: VerifiedKey | null = null;
    const record = (status: number, errorCode: string | null) => {
      const pathCommunity = params['communityId'];
      this.audit.record({
        time: new Date().toISOString(),
        keyId: key?.keyId ?? null,
        communityId:
          key?.communityId ?? (CommunityIdSchema.safeParse(pathCommunity).success ? pathCommunity! : null),
        method: 'GET',
        route: API_EVENTS_PATH,
        status,
        errorCode: errorCode as never,
        durationMs: Math.round((performance.now() - startedAt) * 10) / 10,
      });
    };
    try {
      key = await this.verifier.authenticate(request, url, true);
      const decision = await this.limiter.take(key.keyId, key.rateLimitPerMinute);
      if (!decision.allowed) throw rateLimitRefusal(decision);
      checkAccess(STREAM_ACCESS, key, params['communityId']);
      const query = parseQuery(url);
      const grant: StreamGrant = {
        communityId: key.communityId,
        types: query.types ?? [],
        includeIntegrationEvents: key.scopes.includes('admin'),
        keyId: key.keyId,
        afterSeq: query.after === undefined ? null : Number(query.after),
      };
      // Recorded once the server has decided too (it may still refuse: the key's stream cap).
      this.outcomes.set(grant, record);
      return grant;
    } catch (error) {
      const mapped = toHttpError(error);
      record(mapped.status, mapped.body.error.code);
      throw error;
    }
  }
}

function parseQuery(url: URL): z.output<typeof EventStreamQuerySchema> {
  try {
    return parseOrThrow(EventStreamQuerySchema, Object.fromEntries(url.searchParams));
  } catch (error) {
    if (isDomainError(error)) {
      throw DomainError.fromBody({
        code: error.code,
        message: `query: ${error.message}`,
        details: { ...error.details, in: 'query' },
      });
    }
    throw error;
  }
}
