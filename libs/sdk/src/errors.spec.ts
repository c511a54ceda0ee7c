import { apiErrorBody, isTicketonomicsError, TicketonomicsError } from './errors';

describe('TicketonomicsError', () => {
  it("reads the API's error body and narrows by code, details typed as the code's", () => {
    const body = apiErrorBody({
      error: {
        code: 'INSUFFICIENT_FUNDS',
        message: 'no',
        details: { accountId: 'a', available: 3, required: 9 },
      },
    });
    expect(body).toEqual({
      code: 'INSUFFICIENT_FUNDS',
      message: 'no',
      details: { accountId: 'a', available: 3, required: 9 },
    });
    const error: unknown = new TicketonomicsError({
      ...body!,
      status: 422,
      operation: 'createTransfer',
      attempts: 1,
    });
    expect(isTicketonomicsError(error, 'RATE_LIMITED')).toBe(false);
    if (!isTicketonomicsError(error, 'INSUFFICIENT_FUNDS')) throw new Error('expected INSUFFICIENT_FUNDS');
    const missing: number = error.details.required - error.details.available;
    expect(missing).toBe(6);
    expect(error).toBeInstanceOf(Error);
    expect(error.retryAfterSeconds).toBeNull();
  });

  it('is no API error for an unknown code or a body that is not one', () => {
    expect(apiErrorBody({ error: { code: 'NOT_A_CODE', message: 'x', details: {} } })).toBeNull();
    expect(apiErrorBody('<html>')).toBeNull();
    expect(apiErrorBody(null)).toBeNull();
  });
});
