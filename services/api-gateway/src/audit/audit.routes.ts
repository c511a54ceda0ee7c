import { CursorSchema, IsoTimeSchema } from '@ticketonomics/contracts';
import { z } from 'zod';
import { communityParams, defineRoute, intFromString, KEYED_ERRORS } from '../http/route';
import { StoredAuditEntrySchema } from './audit.entry';

/** Entries one page holds at most. */
export const AUDIT_PAGE_MAX = 500;
const AUDIT_PAGE_DEFAULT = 100;

export const AUDIT_ROUTES = [
  defineRoute({
    method: 'GET',
    path: '/v1/communities/:communityId/audit',
    operationId: 'readAuditLog',
    tag: 'audit',
    scope: 'admin',
    summary:
      "The community's API audit log, oldest first: every request's time, key id, method, route, status, error code and duration.",
    description:
      'Starts at `since` (default: one hour ago); pass nextCursor as `cursor` for the next page. Kept for AUDIT_MAX_AGE_MS (30 days by default).',
    params: communityParams(),
    query: z.strictObject({
      since: IsoTimeSchema.optional(),
      cursor: CursorSchema.regex(/^[0-9]{1,16}$/, {
        error: 'must be a nextCursor from a previous page',
      }).optional(),
      limit: intFromString(z.int().min(1).max(AUDIT_PAGE_MAX)).default(AUDIT_PAGE_DEFAULT),
    }),
    response: z.strictObject({ items: z.array(StoredAuditEntrySchema), nextCursor: z.string().nullable() }),
    errors: [...KEYED_ERRORS, 'VALIDATION_FAILED'],
    examples: { ok: { query: { limit: '2' } }, VALIDATION_FAILED: { query: { cursor: 'abc' } } },
    handle: ({ params, query, audit }) =>
      audit.read(params.communityId, {
        since: query.since,
        afterSeq: query.cursor === undefined ? undefined : Number(query.cursor),
        limit: query.limit,
      }),
  }),
];
