import { HttpException } from '@nestjs/common';
import { CommunityIdSchema, detailsOf, isDomainError } from '@ticketonomics/contracts';
import { z } from 'zod';
import { errorBody, HTTP_ERROR_MEANINGS, HttpRefusal, toHttpError as toHttpAnswer } from '../http/http-error';
import { parseRequestPart } from '../http/request-validation';

/** A path or query value checked against its schema; a bad one is a 400 naming the field. */
export function parseParam<S extends z.ZodType>(
  schema: S,
  value: unknown,
  field: string,
  part: 'path' | 'query' = 'path',
): z.output<S> {
  return parseRequestPart(z.object({ [field]: schema }), { [field]: value }, part)[field] as z.output<S>;
}

export function communityIdParam(value: unknown): string {
  return parseParam(CommunityIdSchema, value, 'communityId');
}

/** `?limit=` as a whole number in [1, max], default when left out. */
export function limitParam(value: unknown, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  return parseParam(z.coerce.number().int().min(1).max(max), value, 'limit', 'query');
}

const SERVICE_OF_SUBJECT = /^tk\.cmd\.([a-z-]+)\./;

/**
 * A failed read as an HTTP answer in the gateway's one error shape: a service that does not answer is a
 * 503 naming the service (the page shows "the ledger is not answering"), a refusal the gateway made
 * itself keeps its status, anything else a service refused a 503 too. Never a stack trace.
 */
export function toHttpError(error: unknown): HttpException {
  if (error instanceof HttpException) return error;
  if (error instanceof HttpRefusal) {
    const mapped = toHttpAnswer(error);
    return new HttpException(mapped.body, mapped.status);
  }
  if (isDomainError(error) && error.code === 'UNAVAILABLE') {
    const subject = detailsOf(error, 'UNAVAILABLE')?.subject ?? '';
    const service = SERVICE_OF_SUBJECT.exec(subject)?.[1] ?? 'a service';
    return new HttpException(
      errorBody('UNAVAILABLE', `the ${service} service is not answering; retry shortly`, { service }),
      503,
    );
  }
  if (isDomainError(error) && error.code === 'NOT_FOUND') {
    return new HttpException(errorBody('NOT_FOUND', HTTP_ERROR_MEANINGS.NOT_FOUND), 404);
  }
  return new HttpException(
    errorBody('UNAVAILABLE', 'a service could not answer this; retry shortly', {}),
    503,
  );
}
