import { ArtifactsCommands, type ShopItem } from '@ticketonomics/contracts';
import { waitFor, type ServiceHarness } from '@ticketonomics/testing';
import type { RunningArtifacts } from '../src/artifacts.app';
import { startArtifactsAlone } from './support/artifacts-alone.harness';

const C = ArtifactsCommands;
const COMMUNITY = 'shop-requests';

/**
 * shop.add and shop.restock with a requestId: a redelivered admin command (say, the bot's /restock after a
 * gateway restart) changes the stock once. No ledger is needed: admins create types and stock for free.
 */
describe('shop.add and shop.restock are idempotent by requestId', () => {
  let h: ServiceHarness<RunningArtifacts>;
  let typeId: number;

  beforeAll(async () => {
    h = await startArtifactsAlone();
    const type = await h.ok(C.typeCreate.subject, {
      requestId: 'type-1',
      communityId: COMMUNITY,
      creatorId: 'admin',
      asAdmin: true,
      name: 'Golden Ticket',
      emoji: '🎫',
      supplyMax: 100,
    });
    typeId = type.id;
  });

  afterAll(async () => {
    await h?.close();
  });

  const item = async (shopItemId: number): Promise<ShopItem> => {
    const page = await h.ok(C.shopBrowse.subject, { communityId: COMMUNITY, limit: 200 });
    return page.items.find((entry: { item: ShopItem }) => entry.item.id === shopItemId).item;
  };
  /** The stock after each shop.updated event of an item, in stream order. */
  const stocksAnnounced = async (shopItemId: number): Promise<(number | null)[]> =>
    (await h.streamEvents())
      .filter((event) => event.subject === 'tk.evt.artifacts.shop.updated')
      .map((event) => event.data.data as ShopItem)
      .filter((announced) => announced.id === shopItemId)
      .map((announced) => announced.stock);

  it('adds an item once per requestId; other content under the id is IDEMPOTENCY_CONFLICT', async () => {
    const add = { requestId: 'tg-shop:-100:7', communityId: COMMUNITY, typeId, price: 25, stock: 10 };
    const first = await h.ok<ShopItem>(C.shopAdd.subject, add);
    expect(await h.ok(C.shopAdd.subject, add)).toEqual(first);
    expect(await h.call(C.shopAdd.subject, { ...add, price: 30 })).toMatchObject({
      ok: false,
      error: { code: 'IDEMPOTENCY_CONFLICT', details: { field: 'price', requestId: add.requestId } },
    });
    const onSale = await h.ok(C.shopBrowse.subject, { communityId: COMMUNITY, limit: 200 });
    expect(onSale.items.map((entry: { item: ShopItem }) => entry.item.id)).toEqual([first.id]);
  });

  it('restocks once per requestId; another amount or item under the id is IDEMPOTENCY_CONFLICT', async () => {
    const { id: shopItemId } = await h.ok<ShopItem>(C.shopAdd.subject, {
      requestId: 'tg-shop:-100:8',
      communityId: COMMUNITY,
      typeId,
      price: 5,
      stock: 3,
    });
    const restock = { requestId: 'tg-restock:-100:9', communityId: COMMUNITY, shopItemId, add: 4 };
    const first = await h.ok<ShopItem>(C.shopRestock.subject, restock);
    expect(first.stock).toBe(7);
    expect(await h.ok(C.shopRestock.subject, restock)).toEqual(first);
    expect(await h.ok(C.shopRestock.subject, restock)).toEqual(first);
    expect((await item(shopItemId)).stock).toBe(7);

    expect(await h.call(C.shopRestock.subject, { ...restock, add: 5 })).toMatchObject({
      ok: false,
      error: { code: 'IDEMPOTENCY_CONFLICT', details: { field: 'add' } },
    });
    expect(await h.call(C.shopRestock.subject, { ...restock, add: null })).toMatchObject({
      ok: false,
      error: { code: 'IDEMPOTENCY_CONFLICT', details: { field: 'add' } },
    });
    // The id of a shop.add used for a restock: another command under the same id.
    expect(
      await h.call(C.shopRestock.subject, { ...restock, requestId: 'tg-shop:-100:8', add: 4 }),
    ).toMatchObject({ ok: false, error: { code: 'IDEMPOTENCY_CONFLICT', details: { field: 'requestId' } } });
    expect((await item(shopItemId)).stock).toBe(7);

    // A new requestId is a new restock.
    expect(
      (await h.ok<ShopItem>(C.shopRestock.subject, { ...restock, requestId: 'tg-restock:-100:10' })).stock,
    ).toBe(11);
    // The outbox relays in order: once the last change is out, every earlier one is, and the repeats
    // announced nothing because they wrote nothing.
    const stocks = await waitFor(async () => {
      const announced = await stocksAnnounced(shopItemId);
      return announced.includes(11) ? announced : undefined;
    });
    expect(stocks).toEqual([3, 7, 11]);
  });

  it('evaluates a refused restock afresh: a refusal records nothing', async () => {
    const { id: shopItemId } = await h.ok<ShopItem>(C.shopAdd.subject, {
      requestId: 'tg-shop:-100:11',
      communityId: COMMUNITY,
      typeId,
      price: 5,
      stock: 1,
    });
    // The type's supply is 100 and nothing is minted: adding 200 is beyond it.
    const tooMany = { requestId: 'tg-restock:-100:12', communityId: COMMUNITY, shopItemId, add: 200 };
    expect(await h.call(C.shopRestock.subject, tooMany)).toMatchObject({
      ok: false,
      error: { code: 'LIMIT_EXCEEDED', details: { field: 'add' } },
    });
    expect(await h.call(C.shopRestock.subject, tooMany)).toMatchObject({
      ok: false,
      error: { code: 'LIMIT_EXCEEDED' },
    });
    expect((await h.ok<ShopItem>(C.shopRestock.subject, { ...tooMany, add: 2 })).stock).toBe(3);
  });

  it('still adds and restocks without a requestId, every call counting', async () => {
    const { id: shopItemId } = await h.ok<ShopItem>(C.shopAdd.subject, {
      communityId: COMMUNITY,
      typeId,
      price: 5,
      stock: 1,
    });
    const restock = { communityId: COMMUNITY, shopItemId, add: 1 };
    await h.ok(C.shopRestock.subject, restock);
    expect((await h.ok<ShopItem>(C.shopRestock.subject, restock)).stock).toBe(3);
  });
});
