import { ERROR_EXAMPLES, RECORDED_EXAMPLES } from '../openapi/openapi.document';
import { HTTP_ERROR_DETAILS } from './http-error-details';
import { HTTP_ERROR_CODES, HttpErrorBodySchema, type HttpErrorCode } from './http-error';

/** Every error answer the document shows: the recorded ones and the generic one of each code. */
function documentedAnswers(): [string, unknown][] {
  const recorded = Object.entries(RECORDED_EXAMPLES).flatMap(([operationId, answers]) =>
    Object.entries(answers)
      .filter(([key]) => key !== 'ok')
      .map(([code, answer]): [string, unknown] => [`${operationId} ${code}`, answer.body]),
  );
  const generic = Object.entries(ERROR_EXAMPLES).map(([code, body]): [string, unknown] => [code, body]);
  return [...recorded, ...generic];
}

describe('HTTP_ERROR_DETAILS', () => {
  it('has a schema for every code an HTTP caller can get', () => {
    expect(Object.keys(HTTP_ERROR_DETAILS).sort()).toEqual([...HTTP_ERROR_CODES].sort());
  });

  it.each(documentedAnswers())('names every detail of the documented answer %s', (_name, answer) => {
    const { error } = HttpErrorBodySchema.parse(answer);
    // strict: a field the schema does not name would go undocumented.
    const parsed = HTTP_ERROR_DETAILS[error.code].strict().safeParse(error.details);
    expect({ code: error.code, issues: parsed.success ? [] : parsed.error.issues }).toEqual({
      code: error.code,
      issues: [],
    });
  });

  it('refuses details of the wrong shape, and the bus subject an HTTP caller never gets', () => {
    const refused: [HttpErrorCode, unknown][] = [
      ['INSUFFICIENT_FUNDS', { available: 'none' }],
      ['LIMIT_EXCEEDED', { cap: 'weekly' }],
      ['METHOD_NOT_ALLOWED', { reason: 'method', allowed: 'GET' }],
      ['PAYLOAD_TOO_LARGE', { reason: 'too_large' }],
    ];
    for (const [code, details] of refused)
      expect(HTTP_ERROR_DETAILS[code].safeParse(details).success).toBe(false);
    expect(
      HTTP_ERROR_DETAILS.UNAVAILABLE.strict().safeParse({ subject: 'tk.cmd.ledger.transfer.create' }).success,
    ).toBe(false);
    expect(HTTP_ERROR_DETAILS.UNAVAILABLE.safeParse({ service: 'ledger' }).success).toBe(true);
  });
});
