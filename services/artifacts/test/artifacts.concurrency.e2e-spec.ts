import { A, L, startArtifactsSystem, typeOnSale, type ArtifactsSystem } from './support/artifacts.harness';

const C = 'rush';
const BUYERS = Array.from({ length: 20 }, (_, i) => `m${i + 1}`);

describe('the last edition bought by 20 members at once', () => {
  let sys: ArtifactsSystem;

  beforeAll(async () => {
    sys = await startArtifactsSystem();
    await sys.fund(C, BUYERS, 100);
  });

  afterAll(async () => {
    await sys?.close();
  });

  it.each([
    ['a supply of 1', { supplyMax: 1, stock: null }],
    ['a stock of 1', { supplyMax: null, stock: 1 }],
  ])('with %s: one gets it, the others SOLD_OUT with their tickets whole', async (name, limits) => {
    const tag = name.replace(/\W/g, '');
    const { type, item } = await typeOnSale(sys, C, { requestId: `type-${tag}`, price: 30, ...limits });
    const replies = await Promise.all(
      BUYERS.map((buyerId) =>
        sys.call(A.shopBuy, {
          requestId: `rush-${tag}-${buyerId}`,
          communityId: C,
          buyerId,
          shopItemId: item.id,
        }),
      ),
    );
    const winners = replies.flatMap((reply, i) => (reply.ok ? [BUYERS[i]!] : []));
    expect(winners).toHaveLength(1);
    for (const reply of replies) if (!reply.ok) expect(reply.error.code).toBe('SOLD_OUT');

    let voided = 0;
    for (const buyer of BUYERS) {
      const hold = await sys.client
        .request(L.transferGet, { transferId: `art:${C}:rush-${tag}-${buyer}:hold` })
        .catch(() => null);
      if (buyer === winners[0]) expect(hold?.pendingState).toBe('posted');
      // A loser was refused before holding anything, or its hold was voided.
      else if (hold !== null) {
        expect(hold.pendingState).toBe('voided');
        voided += 1;
      }
    }
    // The race was run for real: losers got as far as holding their tickets before SOLD_OUT.
    expect(voided).toBeGreaterThan(0);
    expect((await sys.ok(A.typeGet, { communityId: C, typeId: type.id })).minted).toBe(1);
    const inventory = await sys.ok(A.inventoryGet, { communityId: C, memberId: winners[0]! });
    expect(inventory.items.filter((entry) => entry.type.id === type.id)).toHaveLength(1);
    expect(
      (await sys.ok(A.shopBrowse, { communityId: C })).items.map((entry) => entry.item.id),
    ).not.toContain(item.id);
  });

  it('leaves every loser whole and the books balanced', async () => {
    const balances = await Promise.all(BUYERS.map((buyer) => sys.balance(C, buyer)));
    // Two rounds at 30 each: 60 tickets left the buyers, nothing more, and every hold is gone.
    const spent = balances.reduce((total, view) => total + (100 - view.balance), 0);
    expect(spent).toBe(60);
    for (const view of balances) expect(view.pendingDebits).toBe(0);
    expect(await sys.ledgerSettled(C)).toEqual({ sum: 0, openHolds: 0, verified: true });
    expect((await sys.ok(A.provenanceVerify, { communityId: C })).ok).toBe(true);
  });
});
