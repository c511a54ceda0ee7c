import type { z } from 'zod';
import { VALIDATION_ISSUES_MAX } from './error-details';
import { detailsOf, DomainError, isDomainError } from './errors';

export { VALIDATION_ISSUES_MAX };

function pathOf(issue: z.core.$ZodIssue): string {
  const base = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    return base === '' ? key : `${base}.${key}`;
  }
  return base === '' ? '$' : base;
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys')
    return `unknown field; remove it (allowed fields are listed in docs/asyncapi.yaml)`;
  if (issue.code === 'invalid_type' && issue.input === undefined)
    return `is required (expected ${issue.expected})`;
  return issue.message;
}

/**
 * Parse a payload against its schema, or throw VALIDATION_FAILED naming the first bad field
 * (details.field) and listing up to VALIDATION_ISSUES_MAX problems.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, payload: unknown): z.output<S> {
  // reportInput: without it zod leaves `input` off every issue, and describe() would call a wrong type "required".
  const result = schema.safeParse(payload, { reportInput: true });
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, VALIDATION_ISSUES_MAX).map((issue) => ({
    field: pathOf(issue),
    message: describe(issue),
  }));
  const first = issues[0] ?? { field: '$', message: 'is invalid' };
  throw new DomainError('VALIDATION_FAILED', `${first.field}: ${first.message}`, {
    field: first.field,
    issues,
  });
}

/**
 * The field a payload is refused for ('$' for the body itself), or null when the schema accepts it: what
 * a form or a test asks before sending. Any failure other than VALIDATION_FAILED is rethrown.
 */
export function firstRejectedField(schema: z.ZodType, payload: unknown): string | null {
  try {
    parseOrThrow(schema, payload);
    return null;
  } catch (error) {
    if (!isDomainError(error) || error.code !== 'VALIDATION_FAILED') throw error;
    return String(detailsOf(error, 'VALIDATION_FAILED')?.field);
  }
}
