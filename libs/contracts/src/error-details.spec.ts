import { ERROR_DETAILS, ERROR_DETAILS_EXAMPLES } from './error-details';
import { DomainError, detailsOf, ERROR_CODES, type ErrorCode } from './errors';

/** One payload per code that its schema must refuse: a wrong type or a missing required field. */
const BAD_DETAILS: Record<ErrorCode, unknown> = {
  VALIDATION_FAILED: { field: 'amount', issues: [{ field: 'amount' }] },
  NOT_FOUND: { field: 'editionId', editionId: 'e5' },
  INSUFFICIENT_FUNDS: { accountId: 'user:demo:alice', available: '20', required: 150 },
  ACCOUNT_FROZEN: { accountId: '' },
  IDEMPOTENCY_CONFLICT: { id: 7 },
  CONFLICT: { editionId: -1 },
  UNAUTHENTICATED: { reason: 'stolen' },
  FORBIDDEN: { scopes: 'read' },
  LIMIT_EXCEEDED: { cap: 'weeklySendMax', limit: 500 },
  RATE_LIMITED: { reason: 'key', retryAfterSeconds: 0 },
  COMMUNITY_MISMATCH: { index: -1 },
  ALREADY_REVERSED: { field: 'transferId' },
  NOT_REVERSIBLE: { kind: 3 },
  PENDING_NOT_OPEN: { field: 'pendingId' },
  SOLD_OUT: { reason: 5 },
  LINK_CODE_INVALID: { field: 'code' },
  IDENTITY_TAKEN: { in: 'cookie' },
  OVERLOADED: { field: 42 },
  UNAVAILABLE: { timeoutMs: 1.5 },
  INTERNAL: { stack: 'at somewhere' },
};

describe('ERROR_DETAILS', () => {
  it.each(ERROR_CODES)('%s accepts its example and refuses a bad one', (code) => {
    const schema = ERROR_DETAILS[code];
    expect(schema.safeParse(ERROR_DETAILS_EXAMPLES[code]).success).toBe(true);
    expect(schema.safeParse(BAD_DETAILS[code]).success).toBe(false);
  });

  it('says what INSUFFICIENT_FUNDS and a daily cap carry, so no reader asks again', () => {
    const funds = ERROR_DETAILS.INSUFFICIENT_FUNDS;
    expect(funds.safeParse({ available: 20, required: 150 }).success).toBe(false);
    const cap = ERROR_DETAILS.LIMIT_EXCEEDED.parse(ERROR_DETAILS_EXAMPLES.LIMIT_EXCEEDED);
    expect(cap).toEqual({ field: 'amount', cap: 'dailySendMax', limit: 500, usedToday: 450, remaining: 50 });
  });
});

describe('detailsOf', () => {
  const funds = new DomainError('INSUFFICIENT_FUNDS', 'user:demo:alice has 20 available', {
    accountId: 'user:demo:alice',
    available: 20,
    required: 150,
  });

  it('reads the details of the code asked for, typed', () => {
    const details = detailsOf(funds, 'INSUFFICIENT_FUNDS');
    expect(details?.available).toBe(20);
    expect(details?.accountId).toBe('user:demo:alice');
  });

  it('is null for another code, for something not a DomainError, and for details not of the code', () => {
    expect(detailsOf(funds, 'LIMIT_EXCEEDED')).toBeNull();
    expect(detailsOf(new Error('boom'), 'INSUFFICIENT_FUNDS')).toBeNull();
    const received = DomainError.fromBody({
      code: 'INSUFFICIENT_FUNDS',
      message: 'not enough',
      details: { available: 'twenty' },
    });
    expect(detailsOf(received, 'INSUFFICIENT_FUNDS')).toBeNull();
  });

  it('ignores fields a newer sender adds', () => {
    const received = DomainError.fromBody({
      code: 'LIMIT_EXCEEDED',
      message: 'amount: too much',
      details: { field: 'amount', min: 1, max: 2000, hint: 'new' },
    });
    expect(detailsOf(received, 'LIMIT_EXCEEDED')).toEqual({ field: 'amount', min: 1, max: 2000 });
  });

  it('gives {} for a code whose details are all optional when none were sent', () => {
    expect(detailsOf(new DomainError('NOT_FOUND', 'no such thing'), 'NOT_FOUND')).toEqual({});
  });
});

describe('DomainError.fromBody', () => {
  it('keeps a received refusal as it came, details included', () => {
    const body = {
      code: 'CONFLICT' as const,
      message: 'listed',
      details: { reason: 'listed', editionId: 5 },
    };
    expect(DomainError.fromBody(body).toBody()).toEqual(body);
    expect(DomainError.fromBody({ code: 'INTERNAL', message: 'bug' }).toBody()).toEqual({
      code: 'INTERNAL',
      message: 'bug',
    });
  });
});
