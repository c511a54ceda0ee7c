import { z } from 'zod';
import { errorReply, okReply, replySchema } from './envelope';
import { DomainError, ERROR_CODES, isDomainError } from './errors';

describe('replySchema', () => {
  const schema = replySchema(z.strictObject({ balance: z.int() }));

  it('accepts {"ok":true,"data":...}', () => {
    expect(schema.parse({ ok: true, data: { balance: 5 } })).toEqual({ ok: true, data: { balance: 5 } });
    expect(schema.safeParse(okReply({ balance: 0 })).success).toBe(true);
  });

  it.each(ERROR_CODES)('accepts {"ok":false,"error":{...}} with code %s', (code) => {
    expect(schema.safeParse({ ok: false, error: { code, message: 'went wrong' } }).success).toBe(true);
    expect(
      schema.safeParse({ ok: false, error: { code, message: 'went wrong', details: { field: 'amount' } } })
        .success,
    ).toBe(true);
  });

  it.each([
    ['an unknown error code', { ok: false, error: { code: 'OOPS', message: 'x' } }],
    ['a lower-case error code', { ok: false, error: { code: 'not_found', message: 'x' } }],
    ['an error without a message', { ok: false, error: { code: 'NOT_FOUND' } }],
    [
      'an error with an unknown field',
      { ok: false, error: { code: 'NOT_FOUND', message: 'x', stack: 'at ...' } },
    ],
    ['ok:false without an error', { ok: false, data: { balance: 1 } }],
    ['ok:true without data', { ok: true }],
    ['ok:true with data of the wrong shape', { ok: true, data: { balance: 'five' } }],
    [
      'ok:true with an error as well',
      { ok: true, data: { balance: 1 }, error: { code: 'INTERNAL', message: 'x' } },
    ],
    ['a missing ok', { data: { balance: 1 } }],
    ['ok as a string', { ok: 'true', data: { balance: 1 } }],
    ['null', null],
  ])('rejects %s', (_name, reply) => {
    expect(schema.safeParse(reply).success).toBe(false);
  });
});

describe('DomainError', () => {
  it('turns into an error body, with details only when given', () => {
    const plain = new DomainError('NOT_FOUND', 'no such account');
    const detailed = new DomainError('VALIDATION_FAILED', 'amount: bad', { field: 'amount' });
    expect(plain.toBody()).toEqual({ code: 'NOT_FOUND', message: 'no such account' });
    expect('details' in plain.toBody()).toBe(false);
    expect(detailed.toBody()).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'amount: bad',
      details: { field: 'amount' },
    });
    expect(errorReply(detailed.toBody())).toEqual({ ok: false, error: detailed.toBody() });
    expect(isDomainError(detailed)).toBe(true);
    expect(isDomainError(new Error('x'))).toBe(false);
    expect(detailed).toBeInstanceOf(Error);
  });

  it('uses stable, unique UPPER_SNAKE codes', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    for (const code of ERROR_CODES) expect(code).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
  });
});
