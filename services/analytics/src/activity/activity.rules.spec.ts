import type { TransferCode } from '@ticketonomics/contracts';
import { activeAccounts, earnedAmount } from './activity.rules';

const alice = { id: 'user:c:alice', kind: 'user' as const };
const bob = { id: 'user:c:bob', kind: 'user' as const };
const issuance = { id: 'issuance:c', kind: 'issuance' as const };
const treasury = { id: 'treasury:c', kind: 'treasury' as const };
const escrow = { id: 'escrow:c:market', kind: 'escrow' as const };

describe('activity rules', () => {
  it('makes both members of a payment active', () => {
    expect(activeAccounts({ code: 'payment' }, alice, bob)).toEqual([alice.id, bob.id]);
  });

  it('makes the member active, not the system account', () => {
    expect(activeAccounts({ code: 'mint' }, issuance, alice)).toEqual([alice.id]);
    expect(activeAccounts({ code: 'tax' }, alice, treasury)).toEqual([alice.id]);
    expect(activeAccounts({ code: 'purchase' }, alice, escrow)).toEqual([alice.id]);
    expect(activeAccounts({ code: 'sale' }, escrow, bob)).toEqual([bob.id]);
  });

  it.each<TransferCode>(['fine', 'burn', 'reversal'])('a %s makes no one active', (code) => {
    expect(activeAccounts({ code }, alice, bob)).toEqual([]);
  });

  it.each<[TransferCode, number]>([
    ['reward', 5],
    ['bonus', 5],
    ['mint', 5],
    ['sale', 5],
    ['royalty', 5],
    ['trade', 5],
    ['payment', 0],
    ['refund', 0],
    ['reversal', 0],
  ])('a %s credited to a member earns %i of 5', (code, expected) => {
    expect(earnedAmount({ code, amount: 5 }, bob)).toBe(expected);
  });

  it('earnings go to members only', () => {
    expect(earnedAmount({ code: 'sale', amount: 5 }, treasury)).toBe(0);
  });
});
