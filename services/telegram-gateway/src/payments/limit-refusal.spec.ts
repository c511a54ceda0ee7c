import { limitRefusal } from './payments.service';

describe("/pay: the ledger's LIMIT_EXCEEDED in the member's words", () => {
  it('names the smallest or largest payment from the policy bounds', () => {
    expect(limitRefusal({ field: 'amount', min: 5, max: 100 }, 3, '@carol')).toMatchObject({
      key: 'payBelowMin',
      params: { min: 5 },
    });
    expect(limitRefusal({ field: 'amount', min: 5, max: 100 }, 101, '@carol')).toMatchObject({
      key: 'payAboveMax',
      params: { max: 100 },
    });
  });

  it('names what is left today under a daily cap', () => {
    const cap = { field: 'amount', limit: 20, usedToday: 15, remaining: 5 };
    expect(limitRefusal({ ...cap, cap: 'dailySendMax' }, 10, '@carol')).toMatchObject({
      key: 'payDailySendCap',
      params: { limit: 20, remaining: 5 },
    });
    expect(limitRefusal({ ...cap, cap: 'dailyReceiveMax' }, 10, '@carol')).toMatchObject({
      key: 'payDailyReceiveCap',
      params: { to: '@carol', limit: 20, remaining: 5 },
    });
  });

  it('leaves a limit it does not know (the supply cap) to the generic reply', () => {
    expect(limitRefusal({ field: 'amount' }, 10, '@carol')).toBeUndefined();
  });
});
