import { ERROR_DETAILS, type ErrorCode } from '@ticketonomics/contracts';
import { z } from 'zod';
import type { HttpErrorCode } from './http-error';

const Text = z.string().max(200);
const Place = z.enum(['path', 'query', 'body', 'header']);

/** The codes only HTTP has. */
const HTTP_ONLY_DETAILS = {
  METHOD_NOT_ALLOWED: z.object({
    reason: z.literal('method'),
    /** The methods the path takes (also in the Allow header). */
    allowed: z.array(z.string().max(10)).max(10),
  }),
  PAYLOAD_TOO_LARGE: z.object({
    field: Text.optional(),
    in: Place.optional(),
    reason: z.literal('too_large'),
    maxBytes: z.number().int().positive(),
  }),
};

/** What the gateway adds to a wire code's details over HTTP. */
const HTTP_ADDED: Partial<Record<ErrorCode, z.ZodRawShape>> = {
  /** A path no route serves. */
  NOT_FOUND: { reason: z.literal('route').optional() },
  /** What is full: the gateway shutting down, the event streams or the live feed. */
  OVERLOADED: { reason: z.enum(['shutdown', 'stream_connections', 'feed_clients']).optional() },
  /** The service that did not answer (ledger, accounts, artifacts, analytics). */
  UNAVAILABLE: { service: Text.optional() },
};

/** Details of the bus an HTTP caller never gets: the NATS subject (service-error.ts leaves it out). */
function overHttp(code: ErrorCode): z.ZodObject {
  const schema: z.ZodObject = ERROR_DETAILS[code];
  const bare = 'subject' in schema.shape ? schema.omit({ subject: true }) : schema;
  return bare.extend(HTTP_ADDED[code] ?? {});
}

/**
 * The `details` of each code an HTTP caller can get: the wire format's schema (libs/contracts), less what
 * only the bus speaks of, plus what the gateway adds; the OpenAPI document lists them.
 */
export const HTTP_ERROR_DETAILS: Record<HttpErrorCode, z.ZodObject> = {
  ...(Object.fromEntries(
    (Object.keys(ERROR_DETAILS) as ErrorCode[]).map((code) => [code, overHttp(code)]),
  ) as Record<ErrorCode, z.ZodObject>),
  ...HTTP_ONLY_DETAILS,
};
