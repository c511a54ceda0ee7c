import {
  A,
  L,
  errorOf,
  eventually,
  startArtifactsSystem,
  typeOnSale,
  type ArtifactsSystem,
} from './support/artifacts.harness';

const C = 'crash';

/**
 * The artifacts process killed (SIGKILL, by its test-only fault hook) right after each purchase step,
 * then started again: the purchase completes or is undone, and nobody pays without the item or holds
 * an item not paid for.
 */
describe('artifacts killed in the middle of a purchase', () => {
  let sys: ArtifactsSystem;

  beforeAll(async () => {
    sys = await startArtifactsSystem({ spawnArtifacts: true });
    await sys.fund(C, ['alice', 'bob', 'carol'], 1000);
  });

  afterAll(async () => {
    await sys?.close();
  });

  /** Restart artifacts with the fault hook on, send `payload` (no answer comes), then restart it normally. */
  async function crashDuring(
    point: string,
    send: () => Promise<unknown>,
    whileDown: () => Promise<void> = async () => undefined,
    env: Record<string, string> = {},
  ): Promise<void> {
    const artifacts = sys.artifactsProcess!;
    await artifacts.process.stop();
    artifacts.process = await artifacts.start({ ...env, ARTIFACTS_FAULT_AFTER: point });
    // No answer comes: the process dies on the way. Its exit, not the request's timeout, is what to wait for.
    void send().catch(() => undefined);
    const exit = await artifacts.process.exited;
    expect(exit.signal).toBe('SIGKILL');
    await whileDown();
    artifacts.process = await artifacts.start();
  }

  it('after the hold: the hold is voided and nothing was bought', async () => {
    const { item } = await typeOnSale(sys, C, { requestId: 'type-1', price: 100, stock: 3 });
    const buy = { requestId: 'crash-hold', communityId: C, buyerId: 'alice', shopItemId: item.id };
    await crashDuring('hold', () => sys.call(A.shopBuy, buy, 3_000));

    await eventually(async () => {
      const reply = await sys.call(A.shopBuy, buy);
      return !reply.ok;
    }, 'the interrupted purchase to be compensated');
    expect(errorOf(await sys.call(A.shopBuy, buy)).details).toMatchObject({ reason: 'ledger_unavailable' });
    const hold = await sys.client.request(L.transferGet, { transferId: `art:${C}:crash-hold:hold` });
    expect(hold.pendingState).toBe('voided');
    expect(await sys.balance(C, 'alice')).toEqual({ balance: 1000, pendingDebits: 0 });
    expect((await sys.ok(A.inventoryGet, { communityId: C, memberId: 'alice' })).editionCount).toBe(0);
    expect((await sys.ok(A.shopBrowse, { communityId: C })).items[0]?.item).toMatchObject({
      stock: 3,
      sold: 0,
    });
  });

  it('after the ownership change: the hold is posted and the seller paid', async () => {
    const type = await sys.ok(A.typeCreate, {
      requestId: 'type-2',
      communityId: C,
      creatorId: 'carol',
      asAdmin: true,
      name: 'Relic',
      emoji: '🗿',
      royaltyBps: 1000,
    });
    await sys.ok(A.editionGrant, { requestId: 'grant-1', communityId: C, typeId: type.id, toId: 'alice' });
    const edition = (await sys.ok(A.inventoryGet, { communityId: C, memberId: 'alice' })).items[0]!.edition;
    const listing = await sys.ok(A.listingCreate, {
      requestId: 'list-1',
      communityId: C,
      sellerId: 'alice',
      editionId: edition.id,
      price: 100,
    });
    const buy = { requestId: 'crash-item', communityId: C, buyerId: 'bob', listingId: listing.id };
    await crashDuring('item', () => sys.call(A.listingBuy, buy, 3_000));

    let settled: any;
    await eventually(async () => {
      const reply = await sys.call(A.listingBuy, buy);
      settled = reply.ok ? reply.data : undefined;
      return reply.ok;
    }, 'the interrupted sale to complete');
    expect(settled.payment).toMatchObject({ price: 100, toPayee: 88, fee: 2, royalty: 10 });
    await eventually(async () => (await sys.balance(C, 'alice')).balance === 1088, 'the seller to be paid');
    expect(await sys.balance(C, 'bob')).toEqual({ balance: 900, pendingDebits: 0 });
    expect(await sys.balance(C, 'carol')).toEqual({ balance: 1010, pendingDebits: 0 });
    expect((await sys.ok(A.editionGet, { communityId: C, editionId: edition.id })).edition).toMatchObject({
      ownerId: 'bob',
      status: 'owned',
    });
  });

  it('after the post: the payout still happens', async () => {
    const item = (await sys.ok(A.shopBrowse, { communityId: C })).items[0]!.item;
    const buy = { requestId: 'crash-post', communityId: C, buyerId: 'carol', shopItemId: item.id };
    await crashDuring('post', () => sys.call(A.shopBuy, buy, 3_000));
    await eventually(async () => (await sys.call(A.shopBuy, buy)).ok, 'the purchase to answer');
    await eventually(async () => (await sys.ledgerSettled(C)).openHolds === 0, 'no hold left');
    await eventually(async () => {
      const escrow = await sys.client.request(L.balanceGet, { accountId: `escrow:${C}:artifacts` });
      return escrow.balance === 0;
    }, 'escrow paid out');
    expect(await sys.balance(C, 'carol')).toEqual({ balance: 910, pendingDebits: 0 });
    expect((await sys.ok(A.inventoryGet, { communityId: C, memberId: 'carol' })).editionCount).toBe(1);
  });

  it('after the ownership change, down until the hold expired: the sale is reverted', async () => {
    const edition = (await sys.ok(A.inventoryGet, { communityId: C, memberId: 'bob' })).items[0]!.edition;
    const listing = await sys.ok(A.listingCreate, {
      requestId: 'list-2',
      communityId: C,
      sellerId: 'bob',
      editionId: edition.id,
      price: 50,
    });
    const typeGet = { communityId: C, typeId: edition.typeId };
    const priceBefore = (await sys.ok(A.typeGet, typeGet)).lastPrice;
    expect(priceBefore).toBe(100);
    const buy = { requestId: 'crash-expired', communityId: C, buyerId: 'alice', listingId: listing.id };
    const holdExpired = async () =>
      eventually(async () => {
        const hold = await sys.client.request(L.transferGet, { transferId: `art:${C}:crash-expired:hold` });
        return hold.pendingState === 'expired';
      }, 'the ledger to expire the hold');
    await crashDuring('item', () => sys.call(A.listingBuy, buy, 3_000), holdExpired, {
      ARTIFACTS_HOLD_TIMEOUT_MS: '1000',
    });

    await eventually(async () => !(await sys.call(A.listingBuy, buy)).ok, 'the sale to be reverted');
    expect(errorOf(await sys.call(A.listingBuy, buy))).toMatchObject({
      code: 'CONFLICT',
      details: { reason: 'expired' },
    });
    const detail = await sys.ok(A.editionGet, { communityId: C, editionId: edition.id });
    expect(detail.edition).toMatchObject({ ownerId: 'bob', status: 'listed' });
    expect(detail.provenance.slice(-2).map((row) => row.kind)).toEqual(['sold', 'reverted']);
    // The item step set lastPrice to 50; the sale never happened, so it is the earlier sale's price again.
    expect((await sys.ok(A.typeGet, typeGet)).lastPrice).toBe(priceBefore);
    expect(
      (await sys.ok(A.listingBrowse, { communityId: C })).items.map((entry) => entry.listing.id),
    ).toContain(listing.id);
    expect(await sys.balance(C, 'alice')).toEqual({ balance: 1088, pendingDebits: 0 });
  });

  it('leaves the books balanced and the provenance intact', async () => {
    expect(await sys.ledgerSettled(C)).toEqual({ sum: 0, openHolds: 0, verified: true });
    expect((await sys.ok(A.provenanceVerify, { communityId: C })).ok).toBe(true);
  });
});
