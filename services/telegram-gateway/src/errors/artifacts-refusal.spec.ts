import { DomainError } from '@ticketonomics/contracts';
import { artifactsRefusal, availableOf, replyForError } from './error-replies';
import { UserFacingError } from './user-facing.error';

function reply(error: DomainError, about = {}): { key: string; params: unknown } {
  const refusal = artifactsRefusal(error, about);
  const { key, params } = replyForError(refusal);
  return { key, params };
}

describe('artifacts refusals', () => {
  it('says artifacts (not tickets) are unavailable', () => {
    expect(reply(new DomainError('UNAVAILABLE', 'tk.cmd.artifacts.shop.buy did not answer'))).toEqual({
      key: 'artifactsUnavailable',
      params: undefined,
    });
  });

  it('names what was not found, from details.field or from the request', () => {
    expect(reply(new DomainError('NOT_FOUND', 'x', { field: 'editionId', editionId: 7 }))).toEqual({
      key: 'artErrNotFound',
      params: { kind: 'edition', ref: 'e7' },
    });
    expect(
      reply(new DomainError('NOT_FOUND', 'x', { field: 'listingId' }), { kind: 'listing', id: 3 }),
    ).toEqual({
      key: 'artErrNotFound',
      params: { kind: 'listing', ref: 'm3' },
    });
    expect(reply(new DomainError('NOT_FOUND', 'x'), { kind: 'shopItem', id: 4 })).toEqual({
      key: 'artErrNotFound',
      params: { kind: 'shopItem', ref: '4' },
    });
    expect(
      reply(new DomainError('NOT_FOUND', 'x', { field: 'wantEditionIds', editionId: 9 }), {
        kind: 'edition',
      }),
    ).toEqual({
      key: 'artErrNotFound',
      params: { kind: 'edition', ref: 'e9' },
    });
    expect(reply(new DomainError('NOT_FOUND', 'x', { field: 'toId' })).key).toBe('artErrUnknownMember');
    expect(reply(new DomainError('NOT_FOUND', 'x')).params).toEqual({ kind: null, ref: null });
  });

  it.each([
    ['listed', { editionId: 5 }, {}, 'artErrListed', { edition: 'e5' }],
    ['already_listed', {}, { kind: 'edition', id: 5 }, 'artErrAlreadyListed', { edition: 'e5' }],
    ['in_trade', { editionId: 6 }, {}, 'artErrInTrade', { edition: 'e6' }],
    ['not_owner', { editionId: 5 }, {}, 'artErrNotOwner', { edition: 'e5' }],
    ['not_owner', { editionId: 5 }, { notOwner: 'artErrTradeNotOwner' }, 'artErrTradeNotOwner', undefined],
    ['burned', { editionId: 5 }, {}, 'artErrBurned', { edition: 'e5' }],
    ['settling', { editionId: 5 }, {}, 'artErrSettling', undefined],
    ['closed', {}, { kind: 'trade', id: 2 }, 'artErrClosed', { kind: 'trade', ref: 't2' }],
    ['closed', {}, { kind: 'listing', id: 4 }, 'artErrClosed', { kind: 'listing', ref: 'm4' }],
    ['closed', {}, {}, 'artErrClosed', { kind: null, ref: '' }],
    ['expired', {}, { kind: 'trade', id: 2 }, 'artErrExpired', undefined],
    ['expired', { holdId: 'h' }, { kind: 'shopItem', id: 2 }, 'artErrHoldExpired', undefined],
    ['not_started', {}, {}, 'artErrNotStarted', undefined],
    ['ended', {}, {}, 'artErrEnded', undefined],
    ['price_changed', { price: 30 }, {}, 'artErrPriceChanged', undefined],
    ['listed', {}, {}, 'artErrConflict', undefined],
    ['something_new', {}, {}, 'artErrConflict', undefined],
  ] as const)('CONFLICT %s %j %j → %s', (reason, details, about, key, params) => {
    expect(reply(new DomainError('CONFLICT', 'x', { reason, ...details }), about)).toEqual({ key, params });
  });

  it('maps SOLD_OUT, FORBIDDEN by what was asked, and a stock beyond the supply', () => {
    expect(reply(new DomainError('SOLD_OUT', 'x')).key).toBe('artErrSoldOut');
    expect(reply(new DomainError('FORBIDDEN', 'x')).key).toBe('artErrForbidden');
    expect(reply(new DomainError('FORBIDDEN', 'x'), { forbidden: 'artErrCreationOff' }).key).toBe(
      'artErrCreationOff',
    );
    expect(reply(new DomainError('LIMIT_EXCEEDED', 'x', { field: 'add', limit: 4 }))).toEqual({
      key: 'artErrStockLimit',
      params: { left: 4 },
    });
  });

  it('leaves ticket errors and bugs to the usual replies, never showing the message', () => {
    const funds = new DomainError('INSUFFICIENT_FUNDS', 'account user:x has 3');
    expect(artifactsRefusal(funds)).toBe(funds);
    expect(reply(funds).key).toBe('notEnough');
    const bug = new DomainError('VALIDATION_FAILED', 'name: too long', { field: 'name' });
    expect(artifactsRefusal(bug)).not.toBeInstanceOf(UserFacingError);
    expect(replyForError(artifactsRefusal(bug))).toMatchObject({ key: 'internal', unexpected: true });
  });

  it("takes a member's balance from the ledger's INSUFFICIENT_FUNDS, for that member's account only", () => {
    const funds = new DomainError('INSUFFICIENT_FUNDS', 'user:demo:ann has 20 available', {
      accountId: 'user:demo:ann',
      available: 20,
      required: 150,
    });
    expect(availableOf(funds, 'user:demo:ann')).toBe(20);
    expect(availableOf(funds, 'user:demo:bob')).toBeNull();
    expect(availableOf(new DomainError('INSUFFICIENT_FUNDS', 'no details'), 'user:demo:ann')).toBeNull();
    expect(availableOf(new DomainError('LIMIT_EXCEEDED', 'too much'), 'user:demo:ann')).toBeNull();
  });
});
