import { DomainError } from '@ticketonomics/contracts';
import { z } from 'zod';
import { HttpRefusal } from './http-error';
import type { AnyRoute } from './route';
import { inRequestTerms } from './service-error';

// The parts of a route inRequestTerms reads: its request's fields and the service fields it renames.
const transferRoute = {
  params: z.object({ communityId: z.string() }),
  body: z.object({ from: z.string(), to: z.string(), amount: z.number() }),
  fields: {
    debitAccountId: { field: 'from', in: 'body' },
    creditAccountId: { field: 'to', in: 'body' },
  },
} as unknown as AnyRoute;
const accountRoute = {
  params: z.object({ communityId: z.string(), accountId: z.string() }),
} as unknown as AnyRoute;

function refusal(error: DomainError, route: AnyRoute): HttpRefusal {
  const translated = inRequestTerms(error, route);
  if (!(translated instanceof HttpRefusal)) throw new Error('expected an HttpRefusal');
  return translated;
}

describe('inRequestTerms', () => {
  it('names the request field the caller sent, not the ledger’s', () => {
    const error = new DomainError(
      'NOT_FOUND',
      'creditAccountId: no account user:demo-town:01JQ3V8K2M4N6P8R0T2W4Y6Z8C; open it first with tk.cmd.ledger.account.open',
      { field: 'creditAccountId' },
    );
    const translated = refusal(error, transferRoute);
    expect(translated.message).toBe('to: no account member 01JQ3V8K2M4N6P8R0T2W4Y6Z8C');
    expect(translated.details).toEqual({ field: 'to', in: 'body' });
  });

  it('speaks of members, not of their ledger accounts', () => {
    const error = new DomainError(
      'INSUFFICIENT_FUNDS',
      'user:demo-town:01JQ3V8K2M4N6P8R0T2W4Y6Z8C has 0 available and this transfer needs 100; lower the amount or add funds first',
      { accountId: 'user:demo-town:01JQ3V8K2M4N6P8R0T2W4Y6Z8C', available: 0, required: 100 },
    );
    expect(refusal(error, transferRoute).message).toBe(
      'member 01JQ3V8K2M4N6P8R0T2W4Y6Z8C has 0 available and this transfer needs 100; lower the amount or add funds first',
    );
  });

  it('leaves out the commands a message names in passing', () => {
    const error = new DomainError(
      'CONFLICT',
      'edition 6 is listed on the market; cancel the listing first (listing.cancel)',
    );
    expect(refusal(error, transferRoute).message).toBe(
      'edition 6 is listed on the market; cancel the listing first',
    );
  });

  it('says a field once', () => {
    const error = new DomainError('NOT_FOUND', 'accountId: accountId not found in this community', {
      field: 'accountId',
    });
    expect(refusal(error, accountRoute).message).toBe('accountId: not found in this community');
  });

  it('drops the details only the bus speaks of', () => {
    const error = new DomainError('VALIDATION_FAILED', 'amount: must be positive', {
      field: 'amount',
      subject: 'tk.cmd.ledger.transfer.create',
    });
    expect(refusal(error, transferRoute).details).toEqual({ field: 'amount', in: 'body' });
  });

  it("passes a service's own limit on with its reason and Retry-After, without a request window", () => {
    const error = new DomainError(
      'RATE_LIMITED',
      'one proposal per member per cooldown; propose again later',
      {
        reason: 'proposal_cooldown',
        retryAfterSeconds: 3_599,
      },
    );
    const translated = refusal(error, transferRoute);
    expect(translated.details).toEqual({ reason: 'proposal_cooldown', retryAfterSeconds: 3_599 });
    expect(translated.headers).toEqual({ 'Retry-After': '3599' });
  });
});
