import fc from 'fast-check';
import { ACCOUNT_KINDS } from './ledger.schemas';
import {
  communityOfAccountId,
  ledgerAccountId,
  parseLedgerAccountId,
  parseMemberAccountId,
} from './ledger.account-ids';

const idPart = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
const ownerPart = fc.stringMatching(/^[A-Za-z0-9_.-]{1,64}$/);

describe('ledger account ids', () => {
  it('reads back every id ledgerAccountId makes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ACCOUNT_KINDS),
        idPart,
        fc.option(ownerPart, { nil: null }),
        (kind, communityId, ownerId) => {
          const id = ledgerAccountId(kind, communityId, ownerId);
          expect(parseLedgerAccountId(id)).toEqual({ kind, communityId, ownerId });
          expect(communityOfAccountId(id)).toBe(communityId);
        },
      ),
    );
  });

  it('reads members and community accounts', () => {
    expect(parseLedgerAccountId('user:demo-town:01ABC')).toEqual({
      kind: 'user',
      communityId: 'demo-town',
      ownerId: '01ABC',
    });
    expect(parseLedgerAccountId('treasury:demo-town')).toEqual({
      kind: 'treasury',
      communityId: 'demo-town',
      ownerId: null,
    });
  });

  it.each(['', 'treasury', 'bank:c', 'user::a', 'user:c:', 'user:c:a:b', ':c'])(
    'answers null for %j, which no ledger account has',
    (id) => {
      expect(parseLedgerAccountId(id)).toBeNull();
      expect(communityOfAccountId(id)).toBeNull();
    },
  );
});

describe('member account ids', () => {
  const userId = '01KB2Y6ZJ8ZQ0V7M3N4P5Q6R7S';

  it('reads the community and user of the id a gateway derives for a member', () => {
    expect(parseMemberAccountId(ledgerAccountId('user', 'tg-100', userId))).toEqual({
      communityId: 'tg-100',
      userId,
    });
  });

  it.each([
    `treasury:demo-town`,
    `escrow:demo-town:${userId}`,
    'user:demo-town:alice',
    `user:demo.town:${userId}`,
    `user:demo-town:${userId.toLowerCase()}`,
    'user:demo-town',
  ])('answers null for %j, which is no accounts user of a community', (id) => {
    expect(parseMemberAccountId(id)).toBeNull();
  });
});
