import { DomainError } from '@ticketonomics/contracts';
import { UserFacingError } from '../errors/user-facing.error';
import { poolRefusal, type PoolAbout } from './pools-refusal';

function reply(error: DomainError, about: PoolAbout): { key: string; params: unknown } | unknown {
  const mapped = poolRefusal(error, about);
  return mapped instanceof UserFacingError ? { key: mapped.key, params: mapped.params } : mapped;
}

const pledge: PoolAbout = { act: 'pledge', poolId: 3, accountId: 'user:demo:ann' };

describe('pool refusals', () => {
  it('names the pool that is missing or closed, and a full one', () => {
    expect(reply(new DomainError('NOT_FOUND', 'x', { field: 'poolId' }), pledge)).toEqual({
      key: 'govPoolNotFound',
      params: { id: 3 },
    });
    for (const reason of ['not_open', 'deadline_passed']) {
      expect(reply(new DomainError('CONFLICT', 'x', { reason }), pledge)).toEqual({
        key: 'govPoolClosed',
        params: { id: 3 },
      });
    }
    expect(reply(new DomainError('LIMIT_EXCEEDED', 'x', { field: 'poolId', limit: 100 }), pledge)).toEqual({
      key: 'govPoolFull',
      params: { max: 100 },
    });
    expect(reply(new DomainError('LIMIT_EXCEEDED', 'x', { limit: 20 }), { act: 'open' })).toEqual({
      key: 'govPoolsCap',
      params: { max: 20 },
    });
  });

  it("says what the member has when the ledger cannot hold the pledge, and only from the member's own account", () => {
    const funds = (accountId: string) =>
      new DomainError('INSUFFICIENT_FUNDS', 'x', { accountId, available: 20, required: 50 });
    expect(reply(funds('user:demo:ann'), pledge)).toEqual({ key: 'notEnough', params: { balance: 20 } });
    expect(reply(funds('user:demo:bob'), pledge)).toEqual({ key: 'notEnough', params: { balance: null } });
  });

  it('maps a prize for a non-member and an unavailable service; leaves bugs alone', () => {
    expect(
      reply(new DomainError('FORBIDDEN', 'x', { field: 'recipientId', reason: 'not_member' }), {
        act: 'open',
      }),
    ).toEqual({
      key: 'govPoolRecipient',
      params: undefined,
    });
    expect(reply(new DomainError('UNAVAILABLE', 'x'), { act: 'open' })).toEqual({
      key: 'govPoolsUnavailable',
      params: undefined,
    });
    const bug = new DomainError('VALIDATION_FAILED', 'title', { field: 'title' });
    expect(poolRefusal(bug, { act: 'open' })).toBe(bug);
  });
});
