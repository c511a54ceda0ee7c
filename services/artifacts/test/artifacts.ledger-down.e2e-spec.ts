import {
  A,
  L,
  errorOf,
  eventually,
  startArtifactsSystem,
  typeOnSale,
  type ArtifactsSystem,
} from './support/artifacts.harness';

const C = 'outage';

describe('the ledger down during a purchase', () => {
  let sys: ArtifactsSystem;

  beforeAll(async () => {
    sys = await startArtifactsSystem();
    await sys.fund(C, ['alice'], 500);
  });

  afterAll(async () => {
    await sys?.close();
  });

  it('answers UNAVAILABLE, moves nothing, and the worker releases the hold once the ledger is back', async () => {
    const { item } = await typeOnSale(sys, C, { requestId: 'type-1', price: 40 });
    await sys.ok(A.shopBuy, { requestId: 'before', communityId: C, buyerId: 'alice', shopItemId: item.id });

    await sys.ledger.process.kill('SIGKILL');
    const buy = { requestId: 'during', communityId: C, buyerId: 'alice', shopItemId: item.id };
    expect(errorOf(await sys.call(A.shopBuy, buy)).code).toBe('UNAVAILABLE');
    expect((await sys.ok(A.inventoryGet, { communityId: C, memberId: 'alice' })).editionCount).toBe(1);

    sys.ledger.process = await sys.ledger.start();
    // The worker re-issues the hold (it may or may not have reached the ledger) and voids it.
    await eventually(async () => {
      const hold = await sys.client
        .request(L.transferGet, { transferId: `art:${C}:during:hold` })
        .catch(() => null);
      return hold?.pendingState === 'voided';
    }, 'the worker to void the interrupted hold');
    await eventually(async () => {
      const reply = await sys.call(A.shopBuy, buy);
      return !reply.ok && reply.error.details?.['reason'] === 'ledger_unavailable';
    }, 'the purchase to be failed for good');

    expect(await sys.balance(C, 'alice')).toEqual({ balance: 460, pendingDebits: 0 });
    expect((await sys.ok(A.inventoryGet, { communityId: C, memberId: 'alice' })).editionCount).toBe(1);
    expect((await sys.ok(A.shopBrowse, { communityId: C })).items[0]?.item.sold).toBe(1);
    expect(await sys.ledgerSettled(C)).toEqual({ sum: 0, openHolds: 0, verified: true });
  });
});
