import { UserFacingError } from '../errors/user-facing.error';
import {
  isEmoji,
  parseArtifactArgs,
  parseBuyArgs,
  parseGiftArgs,
  parseInventoryArgs,
  parseMarketArgs,
  parseNewArtifactArgs,
  parseRef,
  parseRestockArgs,
  parseSellArgs,
  parseTradeArgs,
  parseUnlistArgs,
} from './artifact-args.parser';

/** The catalogue key a parse fails with (and its parameters). */
function failure(parse: () => unknown): { key: string; params: unknown } {
  try {
    parse();
  } catch (error) {
    if (error instanceof UserFacingError) return { key: error.key, params: error.params };
    throw error;
  }
  throw new Error('parsed');
}
const keyOf = (parse: () => unknown) => failure(parse).key;

describe('artifact numbers', () => {
  it('reads e5, #5, №5 and 5 as edition 5, m3 and 3 as listing 3, t2 as trade 2', () => {
    expect(['e5', 'E5', '#5', '№5', '5'].map((token) => parseRef(token, 'edition', 'u'))).toEqual([
      5, 5, 5, 5, 5,
    ]);
    expect(parseRef('m3', 'listing', 'u')).toBe(3);
    expect(parseRef('3', 'listing', 'u')).toBe(3);
    expect(parseRef('t2', 'trade', 'u')).toBe(2);
    expect(parseRef(String(Number.MAX_SAFE_INTEGER), 'shopItem', 'u')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each([
    ['0', 'edition'],
    ['e0', 'edition'],
    ['-5', 'edition'],
    ['e-5', 'edition'],
    ['1.5', 'edition'],
    ['e1,5', 'edition'],
    ['99999999999999999', 'edition'],
    ['9007199254740992', 'shopItem'],
    ['five', 'edition'],
    ['m5', 'edition'],
    ['e5', 'shopItem'],
    ['e5', 'listing'],
  ] as const)('refuses %s as a %s number, naming the kind', (token, kind) => {
    expect(failure(() => parseRef(token, kind, 'u'))).toEqual({
      key: 'artBadNumber',
      params: { given: token, kind },
    });
  });

  it('asks for the usage when the number is missing, and quotes a long token cut short', () => {
    expect(failure(() => parseRef(undefined, 'edition', '/artifact e5'))).toEqual({
      key: 'usage',
      params: { usage: '/artifact e5' },
    });
    expect((failure(() => parseRef('x'.repeat(100), 'edition', 'u')).params as { given: string }).given).toBe(
      `${'x'.repeat(32)}…`,
    );
  });
});

describe('/buy', () => {
  it('buys a shop item by its number and a listing by m<number>, with an optional price cap', () => {
    expect(parseBuyArgs('3')).toEqual({ kind: 'shopItem', id: 3, priceMax: undefined });
    expect(parseBuyArgs('m3')).toEqual({ kind: 'listing', id: 3, priceMax: undefined });
    expect(parseBuyArgs('M3 40')).toEqual({ kind: 'listing', id: 3, priceMax: 40 });
    expect(parseBuyArgs('m 3')).toEqual({ kind: 'listing', id: 3, priceMax: undefined });
    expect(parseBuyArgs('market 7 10')).toEqual({ kind: 'listing', id: 7, priceMax: 10 });
    expect(parseBuyArgs('2 25')).toEqual({ kind: 'shopItem', id: 2, priceMax: 25 });
  });

  it.each([
    ['', 'usage'],
    ['m', 'usage'],
    ['0', 'artBadNumber'],
    ['-1', 'artBadNumber'],
    ['1.5', 'artBadNumber'],
    ['e5', 'artBadNumber'],
    ['m0', 'artBadNumber'],
    ['3 -5', 'amountNegative'],
    ['3 0', 'amountZero'],
    ['3 2.5', 'amountFractional'],
    ['3 lots', 'amountNotNumber'],
    ['3 99999999999999999999', 'amountTooLarge'],
    ['3 4 5', 'usage'],
  ])('/buy %s → %s', (args, key) => {
    expect(keyOf(() => parseBuyArgs(args))).toBe(key);
  });
});

describe('/sell, /artifact, /unlist, /market, /inventory', () => {
  it('reads their arguments', () => {
    expect(parseSellArgs('e5 40')).toEqual({ editionId: 5, price: 40 });
    expect(parseSellArgs('5 40')).toEqual({ editionId: 5, price: 40 });
    expect(parseArtifactArgs('e12')).toBe(12);
    expect(parseUnlistArgs('m4')).toBe(4);
    expect(parseMarketArgs('')).toBeUndefined();
    expect(parseMarketArgs('2')).toBe(2);
    expect(parseInventoryArgs('')).toBe('self');
    expect(parseInventoryArgs('@Bob')).toEqual({ kind: 'username', username: 'Bob' });
  });

  it.each([
    [() => parseSellArgs(''), 'usage'],
    [() => parseSellArgs('e5'), 'amountMissing'],
    [() => parseSellArgs('e5 0'), 'amountZero'],
    [() => parseSellArgs('e5 -3'), 'amountNegative'],
    [() => parseSellArgs('e5 1.5'), 'amountFractional'],
    [() => parseSellArgs('e5 40 now'), 'usage'],
    [() => parseSellArgs('m5 40'), 'artBadNumber'],
    [() => parseArtifactArgs(''), 'usage'],
    [() => parseArtifactArgs('e5 e6'), 'usage'],
    [() => parseArtifactArgs('e0'), 'artBadNumber'],
    [() => parseUnlistArgs(''), 'usage'],
    [() => parseUnlistArgs('m-1'), 'artBadNumber'],
    [() => parseMarketArgs('two'), 'artBadNumber'],
    [() => parseMarketArgs('1 2'), 'usage'],
    [() => parseInventoryArgs('bob'), 'recipientMissing'],
    [() => parseInventoryArgs('@no-body'), 'badUsername'],
    [() => parseInventoryArgs('@bob @carol'), 'usage'],
  ])('refuses bad input (%#) with %s', (parse, key) => {
    expect(keyOf(parse)).toBe(key);
  });
});

describe('/gift', () => {
  it('takes the edition and @user in either order, or the replied member', () => {
    const bob = { kind: 'username', username: 'bob' };
    expect(parseGiftArgs('e5 @bob', false)).toEqual({ target: bob, editionId: 5 });
    expect(parseGiftArgs('@bob e5', false)).toEqual({ target: bob, editionId: 5 });
    expect(parseGiftArgs('5', true)).toEqual({ target: { kind: 'reply' }, editionId: 5 });
    expect(parseGiftArgs('e5 @bob', true)).toEqual({ target: bob, editionId: 5 });
  });

  it.each([
    ['', false, 'usage'],
    ['e5', false, 'recipientMissing'],
    ['@bob', false, 'usage'],
    ['e5 e6 @bob', false, 'usage'],
    ['e0 @bob', false, 'artBadNumber'],
    ['e5 @b-ob', false, 'badUsername'],
  ])('/gift %s (reply: %s) → %s', (args, isReply, key) => {
    expect(keyOf(() => parseGiftArgs(args, isReply))).toBe(key);
  });
});

describe('/trade', () => {
  const bob = { kind: 'username', username: 'bob' };

  it('reads editions for tickets, for editions, or both', () => {
    expect(parseTradeArgs('@bob give e5 e6 for 30', false)).toEqual({
      target: bob,
      giveEditionIds: [5, 6],
      wantEditionIds: [],
      wantAmount: 30,
    });
    expect(parseTradeArgs('@bob give 5 for e7', false)).toEqual({
      target: bob,
      giveEditionIds: [5],
      wantEditionIds: [7],
      wantAmount: 0,
    });
    expect(parseTradeArgs('@bob give e5, e6 for 30 tickets and #7 e8', false)).toEqual({
      target: bob,
      giveEditionIds: [5, 6],
      wantEditionIds: [7, 8],
      wantAmount: 30,
    });
    expect(parseTradeArgs('e5 for 10', true)).toEqual({
      target: { kind: 'reply' },
      giveEditionIds: [5],
      wantEditionIds: [],
      wantAmount: 10,
    });
    expect(parseTradeArgs('@bob дам e5 за 10 билетов', false).wantAmount).toBe(10);
  });

  it.each([
    ['', false, 'usage'],
    ['give e5 for 10', false, 'recipientMissing'],
    ['@bob give for 10', false, 'artTradeGiveMissing'],
    ['@bob give e5', false, 'artTradeWantMissing'],
    ['@bob give e5 for', false, 'artTradeWantMissing'],
    ['@bob give e5 for 10 20', false, 'artTradeTwoAmounts'],
    ['@bob give e5 for -10', false, 'amountNegative'],
    ['@bob give e5 for 0', false, 'amountZero'],
    ['@bob give e5 for 1.5', false, 'amountFractional'],
    ['@bob give e5 for 99999999999999999999', false, 'amountTooLarge'],
    ['@bob give e5 for pizza', false, 'amountNotNumber'],
    ['@bob give e5 for tickets', false, 'usage'],
    ['@bob give e0 for 10', false, 'artBadNumber'],
    ['@bob give e5 e5 for 10', false, 'artTradeRepeat'],
    ['@bob give e5 for e5', false, 'artTradeRepeat'],
    ['@bob give e1 e2 e3 e4 e5 e6 e7 e8 e9 e10 e11 for 10', false, 'artTradeTooMany'],
    ['@b-ob give e5 for 10', false, 'badUsername'],
  ])('/trade %s (reply: %s) → %s', (args, isReply, key) => {
    expect(keyOf(() => parseTradeArgs(args, isReply))).toBe(key);
  });
});

describe('/newartifact', () => {
  it('reads an emoji, a name and options in any order at the end', () => {
    expect(
      parseNewArtifactArgs('🎫 Golden Ticket supply 100 royalty 5% legendary price 25 stock 10'),
    ).toEqual({
      emoji: '🎫',
      name: 'Golden Ticket',
      rarity: 'legendary',
      supplyMax: 100,
      royaltyBps: 500,
      shop: { price: 25, stock: 10 },
    });
    expect(parseNewArtifactArgs('🐸 Rare Pepe')).toMatchObject({ name: 'Rare Pepe', rarity: undefined });
    expect(parseNewArtifactArgs('🐸 Rare Pepe epic')).toMatchObject({ name: 'Rare Pepe', rarity: 'epic' });
    expect(parseNewArtifactArgs('🐸 Pepe Rare')).toMatchObject({ name: 'Pepe', rarity: 'rare' });
    expect(parseNewArtifactArgs('🏆 Cup price=5 royalty:2.5 SUPPLY=unlimited')).toMatchObject({
      name: 'Cup',
      supplyMax: null,
      royaltyBps: 250,
      shop: { price: 5, stock: null },
    });
    expect(parseNewArtifactArgs('🇺🇦 Flag stock unlimited price 3')).toMatchObject({
      emoji: '🇺🇦',
      shop: { price: 3, stock: null },
    });
    expect(parseNewArtifactArgs('❤️ Big Love тираж 5 редкий')).toMatchObject({
      emoji: '❤️',
      name: 'Big Love',
      supplyMax: 5,
      rarity: 'rare',
    });
  });

  it.each([
    ['', 'usage'],
    ['Golden Ticket', 'artEmojiMissing'],
    ['🎫', 'artNameMissing'],
    ['🎫 supply 5', 'artNameMissing'],
    [`🎫 ${'x'.repeat(65)}`, 'artNameTooLong'],
    ['🎫 Ticket supply 0', 'artSupplyBad'],
    ['🎫 Ticket supply -5', 'artSupplyBad'],
    ['🎫 Ticket supply 1.5', 'artSupplyBad'],
    ['🎫 Ticket supply 1000001', 'artSupplyBad'],
    ['🎫 Ticket royalty 51%', 'artRoyaltyBad'],
    ['🎫 Ticket royalty -1', 'artRoyaltyBad'],
    ['🎫 Ticket royalty lots', 'artRoyaltyBad'],
    ['🎫 Ticket price 0', 'amountZero'],
    ['🎫 Ticket price -2', 'amountNegative'],
    ['🎫 Ticket price 2.5', 'amountFractional'],
    ['🎫 Ticket stock 5', 'artStockNeedsPrice'],
    ['🎫 Ticket price 5 stock 0', 'artStockBad'],
    ['🎫 Ticket supply 10 price 5 stock 11', 'artStockBad'],
    ['🎫 Ticket supply 5 supply 6', 'artOptionTwice'],
    ['🎫 Ticket supply', 'artOptionValueMissing'],
  ])('/newartifact %s → %s', (args, key) => {
    expect(keyOf(() => parseNewArtifactArgs(args))).toBe(key);
  });

  it('knows an emoji from a word', () => {
    expect(['🎫', '❤️', '🇺🇦', '👩‍🚀', '1️⃣'].map(isEmoji)).toEqual([true, true, true, true, true]);
    expect(['a', 'ab🎫', '12', '🎫🎫🎫🎫🎫🎫🎫🎫🎫'].map(isEmoji)).toEqual([false, false, false, false]);
  });
});

describe('/restock', () => {
  it('adds stock or makes it unlimited', () => {
    expect(parseRestockArgs('3 10')).toEqual({ shopItemId: 3, add: 10 });
    expect(parseRestockArgs('3 +10')).toEqual({ shopItemId: 3, add: 10 });
    expect(parseRestockArgs('3 unlimited')).toEqual({ shopItemId: 3, add: null });
  });

  it.each([
    ['', 'usage'],
    ['3', 'usage'],
    ['0 5', 'artBadNumber'],
    ['3 0', 'artStockBad'],
    ['3 -2', 'artStockBad'],
    ['3 1.5', 'artStockBad'],
    ['3 1000001', 'artStockBad'],
    ['3 5 6', 'usage'],
  ])('/restock %s → %s', (args, key) => {
    expect(keyOf(() => parseRestockArgs(args))).toBe(key);
  });
});
