import { detailsOf, DomainError, isDomainError, LINK_CODE_LIMITS } from '@ticketonomics/contracts';
import { z } from 'zod';
import { rateLimited } from '../rate-limit/rate-limit.refusal';
import { HTTP_ERROR_MEANINGS, HttpRefusal } from './http-error';
import type { AnyRoute, RequestField } from './route';

/** Words of the bus that mean nothing to an HTTP caller: a clause holding one is left out of a message. */
const INTERNAL_WORDS = /\btk\.(cmd|evt)\.|asyncapi|docs\//i;
/** A command named in passing, `(listing.cancel)`: the caller knows the route, not the command. */
const COMMAND_MENTION = /\s*\((?:[a-z][a-zA-Z]*\.)+[a-z][a-zA-Z]*\)/g;
/** A member's ledger account (`user:<community>:<member>`): the caller knows the member's id. */
const MEMBER_ACCOUNT = /\buser:[^:\s]+:([0-9A-Za-z_-]+)/g;
/** Details only the bus speaks of. */
const INTERNAL_DETAILS = new Set(['subject', 'issues']);

/** The service's field at fault, as every code's details may name it. */
function fieldOf(error: DomainError): string | null {
  return detailsOf(error, error.code)?.field ?? null;
}

function fieldsOf(schema: z.ZodType | undefined): string[] {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape as object) : [];
}

/** The request field a service's field is, as the route declares it or by its name in the request. */
function requestField(route: AnyRoute, field: string): RequestField | null {
  const declared = route.fields?.[field];
  if (declared !== undefined) return declared;
  if (fieldsOf(route.params).includes(field)) return { field, in: 'path' };
  if (fieldsOf(route.query).includes(field)) return { field, in: 'query' };
  if (fieldsOf(route.body).includes(field)) return { field, in: 'body' };
  return null;
}

/** A service's message without its field prefix and the clauses that speak of the bus. */
function cleanMessage(message: string, field: string | null): string {
  let bare = field !== null && message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
  // "accountId: accountId not found" says the field twice once the prefix is put back.
  if (field !== null && bare.startsWith(`${field} `)) bare = bare.slice(field.length + 1);
  return bare
    .replace(COMMAND_MENTION, '')
    .replace(MEMBER_ACCOUNT, 'member $1')
    .split('; ')
    .filter((clause) => !INTERNAL_WORDS.test(clause))
    .join('; ')
    .trim();
}

/**
 * A refusal from a service (or a route's own DomainError) in the words of the request the caller sent:
 * the service's field (`creditAccountId`) becomes the request's (`to`, in the body), a message never
 * names a NATS subject or an internal document, and an internal field the caller never sent is left out.
 */
export function inRequestTerms(error: unknown, route: AnyRoute): unknown {
  if (!isDomainError(error)) return error;
  if (error.code === 'IDEMPOTENCY_CONFLICT') return idempotencyConflict(error, route);
  const details: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(error.details ?? {})) {
    if (!INTERNAL_DETAILS.has(name)) details[name] = value;
  }
  const serviceField = fieldOf(error);
  const mapped = serviceField === null ? null : requestField(route, serviceField);
  delete details['field'];
  delete details['in'];
  let message = cleanMessage(error.message, serviceField);
  if (mapped !== null) {
    details['field'] = mapped.field;
    details['in'] = mapped.in;
    if (error.code === 'NOT_FOUND' && mapped.notFound !== undefined) message = mapped.notFound;
    if (serviceField !== null && serviceField !== mapped.field)
      message = message.replaceAll(serviceField, mapped.field);
  }
  if (message === '' || INTERNAL_WORDS.test(message)) message = HTTP_ERROR_MEANINGS[error.code];
  if (mapped !== null) message = `${mapped.field}: ${message}`;
  if (error.code === 'RATE_LIMITED') {
    const limited = detailsOf(error, 'RATE_LIMITED');
    if (limited !== null && limited.reason !== 'link_code_failures') {
      // A limit of a service's own rules (a member's cooldown between proposals): no request window to
      // count in, so no X-RateLimit headers, only when to come back.
      const retryAfterSeconds = Math.max(1, Math.ceil(limited.retryAfterSeconds));
      return new HttpRefusal(
        'RATE_LIMITED',
        message,
        { ...details, reason: limited.reason, retryAfterSeconds },
        { 'Retry-After': String(retryAfterSeconds) },
      );
    }
    // A community's wrong link codes: the gateway knows the window accounts counts them in.
    return rateLimited({
      reason: 'link_code_failures',
      message,
      limit: LINK_CODE_LIMITS.failuresPerCommunityMax,
      windowSeconds: LINK_CODE_LIMITS.failureWindowMs / 1000,
      retryAfterSeconds:
        detailsOf(error, 'RATE_LIMITED')?.retryAfterSeconds ?? LINK_CODE_LIMITS.failureWindowMs / 1000,
    });
  }
  return new HttpRefusal(error.code, message, details);
}

/**
 * A service's IDEMPOTENCY_CONFLICT speaks of the id the gateway derived from the Idempotency-Key header
 * (a hash the caller never saw): said in the header's words instead, naming the request field that differs.
 */
function idempotencyConflict(error: DomainError, route: AnyRoute): HttpRefusal {
  const serviceField = fieldOf(error);
  const differs = serviceField === null ? null : (requestField(route, serviceField)?.field ?? null);
  return new HttpRefusal(
    'IDEMPOTENCY_CONFLICT',
    `Idempotency-Key: was used before with a different request${differs === null ? '' : ` (${differs} differs)`}; send a new Idempotency-Key for a new request, or the first request again for its answer`,
    { field: 'Idempotency-Key', in: 'header', ...(differs === null ? {} : { differs }) },
  );
}
