import { DomainError, type TransferRequest } from '@ticketonomics/contracts';
import type { AccountRow } from '../accounts/account.mapper';
import type { JournalRow } from '../journal/journal.store';
import { assertCanSend, assertFunds, firstDifference, isMemberPayment, taxOf } from './transfer.rules';

const account = (overrides: Partial<AccountRow> = {}): AccountRow => ({
  id: 'user:c:a',
  communityId: 'c',
  kind: 'user',
  ownerId: 'a',
  frozen: 0,
  balance: 100,
  pendingDebits: 0,
  pendingCredits: 0,
  createdAt: 0,
  ...overrides,
});

describe('transfer rules', () => {
  it('rounds tax down and never above the rate', () => {
    expect(taxOf(100, 250)).toBe(2);
    expect(taxOf(99, 100)).toBe(0);
    expect(taxOf(10_000, 10_000)).toBe(10_000);
    expect(taxOf(1_000_000_000_000_000, 5_000)).toBe(500_000_000_000_000);
  });

  it('counts held funds as unavailable, and lets only the issuance account go below zero', () => {
    expect(() => assertFunds(account({ balance: 100, pendingDebits: 30 }), 70, 'x')).not.toThrow();
    expect(() => assertFunds(account({ balance: 100, pendingDebits: 30 }), 71, 'x')).toThrow(DomainError);
    expect(() => assertFunds(account({ kind: 'issuance', balance: -5 }), 1_000, 'x')).not.toThrow();
    try {
      assertFunds(account({ balance: 5 }), 6, 'this transfer');
    } catch (error) {
      expect(error).toMatchObject({ code: 'INSUFFICIENT_FUNDS', details: { available: 5, required: 6 } });
    }
  });

  it('stops a frozen account from paying but not from being fined', () => {
    expect(() => assertCanSend(account({ frozen: 1 }), 'payment')).toThrow(/frozen/);
    expect(() => assertCanSend(account({ frozen: 1 }), 'fine')).not.toThrow();
    expect(() => assertCanSend(account(), 'payment')).not.toThrow();
  });

  it('treats only payments between members as member payments', () => {
    expect(isMemberPayment('payment', account(), account({ id: 'user:c:b' }))).toBe(true);
    expect(isMemberPayment('reward', account(), account({ id: 'user:c:b' }))).toBe(false);
    expect(isMemberPayment('payment', account(), account({ kind: 'treasury' }))).toBe(false);
  });

  it('names the first field in which a repeated request differs', () => {
    const stored = {
      debitAccountId: 'a',
      creditAccountId: 'b',
      amount: 5,
      code: 'payment',
      memo: '',
      kind: 'posted',
      timeoutMs: null,
    } as unknown as JournalRow;
    const request: TransferRequest = {
      id: 'x',
      debitAccountId: 'a',
      creditAccountId: 'b',
      amount: 5,
      code: 'payment',
      memo: '',
    };
    expect(firstDifference(stored, request)).toBeNull();
    expect(firstDifference(stored, { ...request, amount: 6, memo: 'x' })).toBe('amount');
    expect(firstDifference(stored, { ...request, pending: { timeoutMs: 1_000 } })).toBe('pending');
  });
});
