import { BadRequestException, HttpException, HttpStatus } from '@nestjs/common';
import { CommunityIdSchema, isDomainError } from '@ticketonomics/contracts';
import { z } from 'zod';

/** A path or query value checked against its schema; a bad one is a 400 naming the field. */
export function parseParam<S extends z.ZodType>(schema: S, value: unknown, field: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new BadRequestException({
    error: {
      code: 'VALIDATION_FAILED',
      message: `${field} ${result.error.issues[0]?.message ?? 'is not valid'}`,
      details: { field },
    },
  });
}

export function communityIdParam(value: unknown): string {
  return parseParam(CommunityIdSchema, value, 'communityId');
}

/** `?limit=` as a whole number in [1, max], default when left out. */
export function limitParam(value: unknown, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  return parseParam(z.coerce.number().int().min(1).max(max), value, 'limit');
}

const SERVICE_OF_SUBJECT = /^tk\.cmd\.([a-z-]+)\./;

/**
 * A failed read as a polite HTTP answer: a service that does not answer is a 503 naming it (the page
 * shows "the ledger is not answering"), anything else it refused a 502. Never a stack trace.
 */
export function toHttpError(error: unknown): HttpException {
  if (error instanceof HttpException) return error;
  if (isDomainError(error) && error.code === 'UNAVAILABLE') {
    const subject = typeof error.details?.['subject'] === 'string' ? error.details['subject'] : '';
    const service = SERVICE_OF_SUBJECT.exec(subject)?.[1] ?? 'a service';
    return new HttpException(
      {
        error: {
          code: 'UNAVAILABLE',
          message: `the ${service} service is not answering; retry shortly`,
          details: { service },
        },
      },
      HttpStatus.SERVICE_UNAVAILABLE,
    );
  }
  if (isDomainError(error) && error.code === 'NOT_FOUND') {
    return new HttpException({ error: { code: 'NOT_FOUND', message: error.message } }, HttpStatus.NOT_FOUND);
  }
  return new HttpException(
    { error: { code: 'UNAVAILABLE', message: 'a service could not answer this; retry shortly' } },
    HttpStatus.BAD_GATEWAY,
  );
}
