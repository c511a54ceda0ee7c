import { z } from 'zod';
import { DomainError } from './errors';
import { parseOrThrow, VALIDATION_ISSUES_MAX } from './validation';

/** The DomainError parseOrThrow throws for a payload (fails the test when it does not throw one). */
function rejection(schema: z.ZodType, payload: unknown): DomainError {
  try {
    parseOrThrow(schema, payload);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error(`accepted ${JSON.stringify(payload)}`);
}

const schema = z.strictObject({
  name: z.string(),
  count: z.int().positive({ error: 'must be greater than zero' }),
  note: z.string().default('none'),
  nested: z.strictObject({ level: z.int() }).optional(),
  list: z.array(z.strictObject({ value: z.int() })).optional(),
});

describe('parseOrThrow', () => {
  it('returns the parsed output, with defaults applied', () => {
    expect(parseOrThrow(schema, { name: 'a', count: 1 })).toEqual({ name: 'a', count: 1, note: 'none' });
  });

  it('throws VALIDATION_FAILED naming the field, with a message starting with it', () => {
    const error = rejection(schema, { name: 'a', count: 0 });
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toBe('count: must be greater than zero');
    expect(error.details).toEqual({
      field: 'count',
      issues: [{ field: 'count', message: 'must be greater than zero' }],
    });
    expect(error.toBody()).toEqual({
      code: 'VALIDATION_FAILED',
      message: error.message,
      details: error.details,
    });
  });

  it('calls a missing field required', () => {
    expect(rejection(schema, { count: 1 }).message).toBe('name: is required (expected string)');
  });

  it('does not call a field of the wrong type required', () => {
    const error = rejection(schema, { name: 5, count: 1 });
    expect(error.details?.['field']).toBe('name');
    expect(error.message).not.toContain('required');
    expect(error.message).toContain('expected string');
  });

  it.each([
    ['null', null],
    ['an array', [{ name: 'a', count: 1 }]],
    ['a string', '{"name":"a","count":1}'],
    ['a number', 7],
    ['nothing', undefined],
  ])('names "$" when the payload is %s instead of an object', (_name, payload) => {
    const error = rejection(schema, payload);
    expect(error.details?.['field']).toBe('$');
    expect(error.message.startsWith('$: ')).toBe(true);
  });

  it('names an unknown field, at the top level or nested, and says to remove it', () => {
    const top = rejection(schema, { name: 'a', count: 1, extra: true });
    expect(top.details?.['field']).toBe('extra');
    expect(top.message).toMatch(/^extra: unknown field; remove it/);
    expect(rejection(schema, { name: 'a', count: 1, nested: { level: 1, deep: 2 } }).details?.['field']).toBe(
      'nested.deep',
    );
  });

  it('names nested and array fields with dotted paths', () => {
    expect(rejection(schema, { name: 'a', count: 1, nested: { level: 'x' } }).details?.['field']).toBe(
      'nested.level',
    );
    expect(
      rejection(schema, { name: 'a', count: 1, list: [{ value: 1 }, { value: 1.5 }] }).details?.['field'],
    ).toBe('list.1.value');
  });

  it(`lists at most ${VALIDATION_ISSUES_MAX} issues, the first one being details.field`, () => {
    const wide = z.strictObject(
      Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`f${i}`, z.string()])),
    );
    const error = rejection(wide, {});
    const issues = error.details?.['issues'] as { field: string }[];
    expect(issues).toHaveLength(VALIDATION_ISSUES_MAX);
    expect(issues[0]!.field).toBe(error.details?.['field']);
  });

  it('never echoes the bad value back', () => {
    const secret = 'x'.repeat(10_000);
    const error = rejection(schema, { name: 'a', count: secret });
    expect(JSON.stringify(error.toBody())).not.toContain(secret);
    expect(JSON.stringify(error.toBody()).length).toBeLessThan(1_000);
  });
});
