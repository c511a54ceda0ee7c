import type { ArtifactType, Edition, ProvenanceEntry, ShopItem, Trade } from '@ticketonomics/contracts';
import { en } from '../i18n/messages.en';
import { ru } from '../i18n/messages.ru';
import {
  editionDetailText,
  editionRefTitle,
  formatTime,
  inventoryText,
  marketText,
  shopItemLeft,
  shopText,
  tradesText,
  tradeTerms,
} from './artifacts.format';

const at = '2026-11-28T12:34:56.000Z';
const type: ArtifactType = {
  communityId: 'tg-1',
  id: 2,
  name: 'Golden Ticket',
  description: '',
  emoji: '🎫',
  imageUrl: null,
  rarity: 'legendary',
  supplyMax: 100,
  minted: 97,
  burned: 0,
  creatorId: 'admin',
  royaltyBps: 500,
  lastPrice: 40,
  createdAt: at,
};
const edition: Edition = {
  communityId: 'tg-1',
  id: 5,
  typeId: 2,
  serial: 1,
  ownerId: 'bob',
  status: 'owned',
  mintedAt: at,
  updatedAt: at,
};
const item: ShopItem = {
  communityId: 'tg-1',
  id: 3,
  typeId: 2,
  price: 25,
  stock: 10,
  sold: 0,
  startsAt: null,
  endsAt: null,
  closed: false,
  createdAt: at,
  updatedAt: at,
};
const names: Record<string, string> = { admin: '@alice', bob: '@bob', carol: 'Карина' };
const label = (id: string | null) => (id === null ? '?' : (names[id] ?? '?'));

function entry(
  seq: number,
  kind: ProvenanceEntry['kind'],
  fromId: string | null,
  toId: string | null,
  price: number | null,
): ProvenanceEntry {
  return {
    communityId: 'tg-1',
    seq,
    editionId: 5,
    kind,
    fromId,
    toId,
    price,
    requestId: `r${seq}`,
    at,
    prevHash: '',
    hash: '',
  };
}

describe('artifact texts', () => {
  it('names an edition by number, emoji, name and serial of supply', () => {
    expect(editionRefTitle(type, edition, en)).toBe('e5 🎫 Golden Ticket #1 of 100');
    expect(editionRefTitle({ ...type, supplyMax: null, emoji: null }, edition, ru)).toBe(
      'e5 🖼 Golden Ticket #1',
    );
    expect(formatTime(at)).toBe('2026-11-28 12:34 UTC');
  });

  it('counts what a shop item can still sell: its stock, within the supply left', () => {
    expect(shopItemLeft(item, type)).toBe(3);
    expect(shopItemLeft({ stock: 2 }, type)).toBe(2);
    expect(shopItemLeft({ stock: null }, type)).toBe(3);
    expect(shopItemLeft({ stock: null }, { supplyMax: null, minted: 5 })).toBeNull();
    expect(shopItemLeft({ stock: 7 }, { supplyMax: null, minted: 5 })).toBe(7);
  });

  it('lists the shop', () => {
    expect(shopText([{ item, type }], en)).toBe(
      'On sale now (buy one with /buy <number>):\n3. 🎫 Golden Ticket (legendary) — 25 tickets, 3 left',
    );
    expect(shopText([{ item, type: { ...type, supplyMax: null } }], ru)).toBe(
      'Сейчас в продаже (купить: /buy <номер>):\n3. 🎫 Golden Ticket (легендарный) — 25 билетов, осталось 10',
    );
    expect(shopText([], en)).toBe('Nothing is on sale in the shop right now.');
    const many = Array.from({ length: 25 }, (_, i) => ({ item: { ...item, id: i + 1 }, type }));
    expect(shopText(many, en).split('\n')).toHaveLength(22);
    expect(shopText(many, en)).toMatch(/\n…and 5 more$/);
  });

  it('shows an inventory with its value and the editions that are locked', () => {
    const inventory = {
      items: [
        { edition: { ...edition, status: 'listed' as const }, type },
        { edition: { ...edition, id: 6, serial: 2 }, type },
      ],
      editionCount: 2,
      collectionValue: 80,
    };
    expect(inventoryText(inventory, null, en)).toBe(
      [
        'Your artifacts: 2, worth 80 tickets at their last prices.',
        'e5 🎫 Golden Ticket #1 of 100 (legendary) · on the market',
        'e6 🎫 Golden Ticket #2 of 100 (legendary)',
      ].join('\n'),
    );
    expect(inventoryText({ items: [], editionCount: 0, collectionValue: 0 }, '@bob', en)).toBe(
      '@bob has no artifacts yet.',
    );
  });

  it('tells an edition story latest first, at most ten lines', () => {
    const provenance = [
      entry(1, 'bought', null, 'admin', 25),
      ...Array.from({ length: 11 }, (_, i) => entry(i + 2, 'gifted', 'admin', 'bob', null)),
      entry(13, 'sold', 'bob', 'carol', 40),
    ];
    const lines = editionDetailText(
      { edition: { ...edition, ownerId: 'carol' }, type, provenance },
      label,
      en,
    ).split('\n');
    expect(lines.slice(0, 6)).toEqual([
      'e5 🎫 Golden Ticket #1 of 100',
      'legendary · artifact type 2 by @alice · royalty 5%',
      'Owner: Карина',
      'Last price of its type: 40 tickets',
      'History, latest first:',
      '2026-11-28 12:34 UTC · sold by @bob to Карина for 40 tickets',
    ]);
    expect(lines).toHaveLength(16);
    expect(lines[15]).toBe('…and 3 earlier');
    const ruText = editionDetailText(
      {
        edition: { ...edition, status: 'burned', ownerId: null },
        type,
        provenance: [entry(1, 'burned', 'bob', null, null)],
      },
      label,
      ru,
    );
    expect(ruText).toContain('Сожжён: его больше нет.');
    expect(ruText).toContain('2026-11-28 12:34 UTC · сожжён: @bob');
  });

  it('lists the market and trade offers', () => {
    const listing = {
      communityId: 'tg-1',
      id: 4,
      editionId: 5,
      typeId: 2,
      sellerId: 'bob',
      price: 40,
      status: 'active' as const,
      buyerId: null,
      createdAt: at,
      updatedAt: at,
    };
    expect(marketText([{ listing, type }], label, en)).toBe(
      'On the market, cheapest first (buy with /buy m<number>):\nm4 · e5 🎫 Golden Ticket — 40 tickets, from @bob',
    );
    const trade: Trade = {
      communityId: 'tg-1',
      id: 3,
      fromId: 'bob',
      toId: 'carol',
      giveEditionIds: [5, 6],
      wantEditionIds: [9],
      wantAmount: 30,
      status: 'open',
      expiresAt: at,
      createdAt: at,
      updatedAt: at,
    };
    expect(tradeTerms(trade, (id) => `e${id}`, en)).toEqual({ give: 'e5, e6', want: '30 tickets and e9' });
    expect(tradeTerms({ ...trade, wantAmount: 0 }, (id) => `e${id}`, ru)).toEqual({
      give: 'e5, e6',
      want: 'e9',
    });
    expect(tradesText([trade], label, en)).toBe(
      'Your open trade offers:\nt3 · @bob → Карина: e5, e6 for 30 tickets and e9 (until 2026-11-28 12:34 UTC)',
    );
    expect(tradesText([], label, ru)).toBe('У вас нет открытых предложений обмена.');
  });
});
