import type { z } from 'zod';
import { firstRejectedField, parseOrThrow } from '../validation';
import { ARTIFACTS_EXAMPLE_ORDER, ARTIFACTS_EXAMPLES, ArtifactsCommands } from './artifacts.commands';
import { ARTIFACT_LIMITS, splitSalePrice } from './artifacts.schemas';

const commands = Object.entries(ArtifactsCommands);
const C = ArtifactsCommands;
const EX = ARTIFACTS_EXAMPLES;

describe('ArtifactsCommands', () => {
  it('uses unique subjects of the form tk.cmd.artifacts.<entity>.<verb>', () => {
    const subjects = commands.map(([, spec]) => spec.subject);
    for (const subject of subjects) expect(subject).toMatch(/^tk\.cmd\.artifacts\.[a-z]+\.[a-z]+$/);
    expect(new Set(subjects).size).toBe(subjects.length);
  });

  it.each(commands)('%s has a summary and an example its request schema accepts', (_key, spec) => {
    expect(spec.summary.length).toBeGreaterThan(10);
    expect(() => parseOrThrow(spec.request, spec.example)).not.toThrow();
  });

  it('orders every example exactly once, creating the type before it is sold', () => {
    expect([...ARTIFACTS_EXAMPLE_ORDER].sort()).toEqual(Object.keys(ArtifactsCommands).sort());
    const at = (key: keyof typeof C) => ARTIFACTS_EXAMPLE_ORDER.indexOf(key);
    expect(at('typeCreate')).toBeLessThan(at('shopAdd'));
    expect(at('shopAdd')).toBeLessThan(at('shopBuy'));
    expect(at('tradeAccept')).toBeLessThan(at('listingCreate'));
    expect(at('listingBuy')).toBeLessThan(at('editionGift'));
  });
});

describe('artifacts request schemas reject bad payloads, naming the field', () => {
  const type = C.typeCreate.example;
  const offer = C.tradeOffer.example;
  const buy = C.shopBuy.example;

  it.each<[string, z.ZodType, unknown, string]>([
    ['a type without a name', C.typeCreate.request, { ...type, name: '   ' }, 'name'],
    ['a type with a long name', C.typeCreate.request, { ...type, name: 'x'.repeat(65) }, 'name'],
    ['a type with neither emoji nor image', C.typeCreate.request, { ...type, emoji: undefined }, 'emoji'],
    [
      'a type with an http image',
      C.typeCreate.request,
      { ...type, imageUrl: 'http://x.example/a.png' },
      'imageUrl',
    ],
    ['a type with a zero supply', C.typeCreate.request, { ...type, supplyMax: 0 }, 'supplyMax'],
    ['a type with a fractional royalty', C.typeCreate.request, { ...type, royaltyBps: 1.5 }, 'royaltyBps'],
    [
      'a type with a royalty over the cap',
      C.typeCreate.request,
      { ...type, royaltyBps: ARTIFACT_LIMITS.royaltyBpsMax + 1 },
      'royaltyBps',
    ],
    ['a type with an unknown rarity', C.typeCreate.request, { ...type, rarity: 'mythic' }, 'rarity'],
    [
      'a type with a long request id',
      C.typeCreate.request,
      { ...type, requestId: 'r'.repeat(49) },
      'requestId',
    ],
    ['a type with a / in its request id', C.typeCreate.request, { ...type, requestId: 'a/b' }, 'requestId'],
    ['a purchase with a zero price cap', C.shopBuy.request, { ...buy, priceMax: 0 }, 'priceMax'],
    ['a purchase of item 0', C.shopBuy.request, { ...buy, shopItemId: 0 }, 'shopItemId'],
    ['a purchase of item "1"', C.shopBuy.request, { ...buy, shopItemId: '1' }, 'shopItemId'],
    ['a purchase with an extra field', C.shopBuy.request, { ...buy, price: 1 }, 'price'],
    ['an offer to oneself', C.tradeOffer.request, { ...offer, toId: EX.alice }, 'toId'],
    ['an offer of nothing', C.tradeOffer.request, { ...offer, giveEditionIds: [] }, 'giveEditionIds'],
    [
      'an offer asking for nothing',
      C.tradeOffer.request,
      { ...offer, wantAmount: 0, wantEditionIds: [] },
      'wantAmount',
    ],
    [
      'an offer repeating an edition',
      C.tradeOffer.request,
      { ...offer, wantEditionIds: [1] },
      'giveEditionIds',
    ],
    ['an offer with negative tickets', C.tradeOffer.request, { ...offer, wantAmount: -5 }, 'wantAmount'],
    [
      'an offer of too many editions',
      C.tradeOffer.request,
      {
        ...offer,
        giveEditionIds: Array.from({ length: ARTIFACT_LIMITS.tradeEditionsMax + 1 }, (_, i) => i + 1),
      },
      'giveEditionIds',
    ],
    ['an offer expiring too soon', C.tradeOffer.request, { ...offer, ttlMs: 1000 }, 'ttlMs'],
    ['a gift to oneself', C.editionGift.request, { ...C.editionGift.example, toId: EX.alice }, 'toId'],
    [
      'a listing at a fractional price',
      C.listingCreate.request,
      { ...C.listingCreate.example, price: 2.5 },
      'price',
    ],
    [
      'a shop window ending before it starts',
      C.shopAdd.request,
      { ...C.shopAdd.example, startsAt: '2026-12-02T00:00:00Z', endsAt: '2026-12-01T00:00:00Z' },
      'endsAt',
    ],
    [
      'a shop item with a / in its request id',
      C.shopAdd.request,
      { ...C.shopAdd.example, requestId: 'tg-shop:1/2' },
      'requestId',
    ],
    [
      'a restock with a long request id',
      C.shopRestock.request,
      { ...C.shopRestock.example, requestId: 'r'.repeat(49) },
      'requestId',
    ],
    [
      'a market fee over the cap',
      C.settingsSet.request,
      { communityId: EX.community, marketFeeBps: 5001 },
      'marketFeeBps',
    ],
    ['settings without a community', C.settingsSet.request, { marketFeeBps: 10 }, 'communityId'],
    ['an inventory page of 500', C.inventoryGet.request, { ...C.inventoryGet.example, limit: 500 }, 'limit'],
  ])('%s', (_name, schema, payload, field) => {
    expect(firstRejectedField(schema, payload)).toBe(field);
  });
});

describe('shop.add and shop.restock request ids', () => {
  it('are optional, so callers without one still validate', () => {
    const { requestId: _add, ...add } = C.shopAdd.example;
    const { requestId: _restock, ...restock } = C.shopRestock.example;
    expect(C.shopAdd.request.parse(add)).not.toHaveProperty('requestId');
    expect(C.shopRestock.request.parse(restock)).toEqual(restock);
  });

  it("fit the gateway's longest ids (tg-restock:<chat>:<message>)", () => {
    const requestId = `tg-restock:${-1_009_999_999_999}:${2 ** 31 - 1}`;
    expect(requestId.length).toBeLessThanOrEqual(48);
    expect(C.shopRestock.request.parse({ ...C.shopRestock.example, requestId }).requestId).toBe(requestId);
  });
});

describe('splitSalePrice', () => {
  it('rounds fee and royalty down and gives the seller the rest', () => {
    expect(splitSalePrice(40, 250, 500)).toEqual({ fee: 1, royalty: 2, toSeller: 37 });
    expect(splitSalePrice(1, 250, 500)).toEqual({ fee: 0, royalty: 0, toSeller: 1 });
    expect(splitSalePrice(10_000, 5_000, 5_000)).toEqual({ fee: 5_000, royalty: 5_000, toSeller: 0 });
  });
});
