import { DomainError, type TransferRequest } from '@ticketonomics/contracts';
import type { AccountRow } from '../accounts/account.mapper';
import type { JournalRow } from '../journal/journal.store';
import {
  assertCanSend,
  assertDailyCaps,
  assertFunds,
  firstDifference,
  isMemberPayment,
  nextUtcMidnightOf,
  taxOf,
  utcDayOf,
  type DailyCapCheck,
} from './transfer.rules';

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

  describe('daily caps', () => {
    const noon = Date.parse('2026-11-28T12:00:00.000Z');
    const check = (overrides: Partial<DailyCapCheck> = {}): DailyCapCheck => ({
      policy: { dailySendMax: 100, dailyReceiveMax: 50 },
      payerId: 'user:c:a',
      payeeId: 'user:c:b',
      cost: 10,
      amount: 10,
      sentToday: 0,
      receivedToday: 0,
      now: noon,
      ...overrides,
    });
    const refusal = (input: DailyCapCheck): DomainError => {
      try {
        assertDailyCaps(input);
      } catch (error) {
        return error as DomainError;
      }
      throw new Error('expected a refusal');
    };

    it('keys totals by UTC day and resets at the next UTC midnight', () => {
      expect(utcDayOf(Date.parse('2026-11-28T23:59:59.999Z'))).toBe('2026-11-28');
      expect(utcDayOf(Date.parse('2026-11-29T00:00:00.000Z'))).toBe('2026-11-29');
      // A time zone ahead of UTC is already on the 29th; the day is still UTC's.
      expect(utcDayOf(Date.parse('2026-11-29T01:30:00.000+02:00'))).toBe('2026-11-28');
      expect(nextUtcMidnightOf(noon)).toBe('2026-11-29T00:00:00.000Z');
      expect(nextUtcMidnightOf(Date.parse('2026-12-31T23:59:59.999Z'))).toBe('2027-01-01T00:00:00.000Z');
      expect(nextUtcMidnightOf(Date.parse('2026-11-29T00:00:00.000Z'))).toBe('2026-11-30T00:00:00.000Z');
    });

    it('lets totals reach a cap exactly, not pass it', () => {
      expect(() => assertDailyCaps(check({ sentToday: 90, cost: 10 }))).not.toThrow();
      expect(() => assertDailyCaps(check({ receivedToday: 40, amount: 10 }))).not.toThrow();
      expect(refusal(check({ sentToday: 91, cost: 10 })).details).toEqual({
        field: 'amount',
        cap: 'dailySendMax',
        limit: 100,
        usedToday: 91,
        remaining: 9,
      });
      expect(refusal(check({ receivedToday: 45, amount: 10 })).details).toEqual({
        field: 'amount',
        cap: 'dailyReceiveMax',
        limit: 50,
        usedToday: 45,
        remaining: 5,
      });
    });

    it('says how much is left and when it resets', () => {
      const error = refusal(check({ sentToday: 95, cost: 10 }));
      expect(error.code).toBe('LIMIT_EXCEEDED');
      expect(error.message).toMatch(/5 left today/);
      expect(error.message).toMatch(/resets at 2026-11-29T00:00:00\.000Z/);
      expect(error.message).toMatch(/user:c:a/);
    });

    it('checks nothing when the caps are null', () => {
      const open = { dailySendMax: null, dailyReceiveMax: null };
      expect(() =>
        assertDailyCaps(check({ policy: open, sentToday: 1e12, receivedToday: 1e12 })),
      ).not.toThrow();
    });

    it('checks the send cap first, and never reports a negative remainder', () => {
      const both = refusal(check({ sentToday: 100, receivedToday: 60, cost: 1, amount: 1 }));
      expect(both.details).toMatchObject({ cap: 'dailySendMax', remaining: 0 });
      const lowered = refusal(
        check({ policy: { dailySendMax: 100, dailyReceiveMax: 20 }, receivedToday: 30 }),
      );
      expect(lowered.details).toMatchObject({ cap: 'dailyReceiveMax', usedToday: 30, remaining: 0 });
    });
  });
});
