import { firstDifference, requestHash } from './request-diff';

const first = {
  command: 'tk.cmd.artifacts.shop.buy',
  payload: { requestId: 'r1', communityId: 'demo', buyerId: 'alice', shopItemId: 1, priceMax: 25 },
};

describe('firstDifference', () => {
  it('is null for the same request, whatever the key order', () => {
    const { priceMax, ...rest } = first.payload;
    expect(firstDifference(first, { ...first, payload: { priceMax, ...rest } })).toBeNull();
  });

  it('names the first field that differs, in the order of the repeat', () => {
    expect(
      firstDifference(first, { ...first, payload: { ...first.payload, shopItemId: 2, priceMax: 1 } }),
    ).toBe('shopItemId');
  });

  it('names a field only one of them has', () => {
    const { priceMax: _priceMax, ...rest } = first.payload;
    expect(firstDifference(first, { ...first, payload: rest })).toBe('priceMax');
    expect(firstDifference({ ...first, payload: rest }, first)).toBe('priceMax');
  });

  it('compares arrays by content and blames requestId when the command differs', () => {
    const offer = { command: 'offer', payload: { giveEditionIds: [1, 2] } };
    expect(firstDifference(offer, { ...offer, payload: { giveEditionIds: [1, 2] } })).toBeNull();
    expect(firstDifference(offer, { ...offer, payload: { giveEditionIds: [2, 1] } })).toBe('giveEditionIds');
    expect(firstDifference(first, { ...first, command: 'tk.cmd.artifacts.listing.buy' })).toBe('requestId');
  });
});

describe('requestHash', () => {
  it('differs by command and by payload', () => {
    expect(requestHash(first)).toBe(requestHash({ ...first }));
    const { requestId, ...rest } = first.payload;
    expect(requestHash(first)).toBe(
      requestHash({ ...first, payload: { ...rest, requestId, extra: undefined } }),
    );
    expect(requestHash(first)).not.toBe(requestHash({ ...first, command: 'x' }));
    expect(requestHash(first)).not.toBe(
      requestHash({ ...first, payload: { ...first.payload, priceMax: 26 } }),
    );
  });
});
