import type { z } from 'zod';
import { HttpRefusal } from './http-error';

/** Issues listed in details.issues at most (the message names the first). */
export const REQUEST_ISSUES_MAX = 10;

export type RequestPart = 'path' | 'query' | 'body' | 'header';

/** Where a request's part is described, for the message of an unknown field. */
const ALLOWED_FIELDS_HINT = 'the fields each route takes are listed at /docs';

function quantity(issue: { origin?: string }, bound: number | bigint): string {
  if (issue.origin === 'string') return `${bound} characters`;
  if (issue.origin === 'array' || issue.origin === 'set') return `${bound} items`;
  return String(bound);
}

function typeName(expected: string): string {
  if (expected === 'int' || expected === 'number') return 'a whole number';
  if (expected === 'string') return 'a string';
  if (expected === 'boolean') return 'true or false';
  if (expected === 'object') return 'a JSON object';
  if (expected === 'array') return 'a list';
  return expected;
}

/**
 * The gateway's words for a problem zod found, where the schema gave none of its own: a schema's own
 * message (`must be an integer number of tickets`) always wins over these.
 */
export function issueMessage(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? `is required (${typeName(issue.expected)})`
        : `must be ${typeName(issue.expected)}`;
    case 'too_big':
      return `must be at most ${quantity(issue, issue.maximum as number)}`;
    case 'too_small':
      return `must be at least ${quantity(issue, issue.minimum as number)}`;
    case 'invalid_format':
      return issue.format === 'datetime'
        ? 'must be an ISO 8601 UTC time such as 2026-01-31T12:00:00Z'
        : `must be a valid ${issue.format}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown field; remove it (${ALLOWED_FIELDS_HINT})`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    default:
      return 'is not valid here';
  }
}

function fieldOf(issue: z.core.$ZodIssue): string {
  const base = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    return base === '' ? key : `${base}.${key}`;
  }
  return base === '' ? '$' : base;
}

/**
 * One part of a request parsed against its schema, or 400 VALIDATION_FAILED naming the first bad field
 * as the caller sent it (details.field, details.in) and listing up to REQUEST_ISSUES_MAX problems.
 */
export function parseRequestPart<S extends z.ZodType>(
  schema: S,
  value: unknown,
  part: RequestPart,
): z.output<S> {
  // reportInput: without it zod leaves `input` off every issue, and a wrong type would read as missing.
  const result = schema.safeParse(value, { reportInput: true, error: issueMessage });
  if (result.success) return result.data;
  const issues = result.error.issues
    .slice(0, REQUEST_ISSUES_MAX)
    .map((issue) => ({ field: fieldOf(issue), message: issue.message }));
  const first = issues[0] ?? { field: '$', message: 'is not valid' };
  throw new HttpRefusal('VALIDATION_FAILED', `${first.field}: ${first.message}`, {
    field: first.field,
    in: part,
    issues,
  });
}
