import { DomainError, ERROR_CODES } from '@ticketonomics/contracts';
import { HTTP_STATUS_BY_CODE, HttpErrorBodySchema, HttpRefusal, toHttpError } from './http-error';

describe('toHttpError', () => {
  it('maps every error code of the wire format to a status', () => {
    for (const code of ERROR_CODES) expect(HTTP_STATUS_BY_CODE[code]).toBeGreaterThanOrEqual(400);
  });

  it.each([
    ['VALIDATION_FAILED', 400],
    ['NOT_FOUND', 404],
    ['UNAUTHENTICATED', 401],
    ['FORBIDDEN', 403],
    ['RATE_LIMITED', 429],
    ['INSUFFICIENT_FUNDS', 422],
    ['SOLD_OUT', 422],
    ['IDEMPOTENCY_CONFLICT', 409],
    ['CONFLICT', 409],
    ['LINK_CODE_INVALID', 422],
    ['IDENTITY_TAKEN', 409],
    ['UNAVAILABLE', 503],
    ['OVERLOADED', 503],
  ] as const)('%s -> %i with the one error shape', (code, status) => {
    const mapped = toHttpError(new DomainError(code, 'm', { field: 'x' }));
    expect(mapped.status).toBe(status);
    expect(mapped.body).toEqual({ error: { code, message: 'm', details: { field: 'x' } } });
    expect(HttpErrorBodySchema.safeParse(mapped.body).success).toBe(true);
    if (status === 503) expect(mapped.headers['Retry-After']).toBe('1');
    if (status === 401) expect(mapped.headers['WWW-Authenticate']).toBe('Bearer');
  });

  it('gives details as an empty object when there are none', () => {
    expect(toHttpError(new DomainError('NOT_FOUND', 'm')).body.error.details).toEqual({});
  });

  it("passes a service's rate limit on as Retry-After", () => {
    const mapped = toHttpError(
      new DomainError('RATE_LIMITED', 'm', { reason: 'link_code_failures', retryAfterSeconds: 42 }),
    );
    expect(mapped.status).toBe(429);
    expect(mapped.headers['Retry-After']).toBe('42');
  });

  it("keeps a refusal's headers, with the status of its code", () => {
    const mapped = toHttpError(
      new HttpRefusal('METHOD_NOT_ALLOWED', 'use GET', { reason: 'method' }, { Allow: 'GET' }),
    );
    expect(mapped).toMatchObject({ status: 405, headers: { Allow: 'GET' }, unexpected: false });
  });

  it('hides anything else behind INTERNAL', () => {
    const mapped = toHttpError(new TypeError('secret stack'));
    expect(mapped.status).toBe(500);
    expect(JSON.stringify(mapped.body)).not.toContain('secret');
    expect(mapped.unexpected).toBe(true);
  });
});
