import { ledgerAccountId } from '@ticketonomics/contracts';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import {
  A,
  L,
  errorOf,
  eventually,
  startArtifactsSystem,
  typeOnSale,
  type ArtifactsSystem,
} from './support/artifacts.harness';
import { jetstreamManager } from '@nats-io/jetstream';

const C = 'flows';

/**
 * One community's story against the real ledger: a shop purchase, a market sale with fee and royalty,
 * trades accepted, declined, cancelled, expired and swapped, a gift, a burn and a member's paid type;
 * then every balance, every owner, the ledger's zero sum and the provenance chain are checked.
 */
describe('artifacts flows against the real ledger', () => {
  let sys: ArtifactsSystem;

  beforeAll(async () => {
    sys = await startArtifactsSystem();
    await sys.fund(C, ['alice', 'bob', 'carol'], 1000);
  });

  afterAll(async () => {
    await sys?.close();
  });

  const owner = async (editionId: number) =>
    (await sys.ok(A.editionGet, { communityId: C, editionId })).edition;
  const balance = async (member: string) => (await sys.balance(C, member)).balance;

  it('runs the whole story and leaves the books and the provenance consistent', async () => {
    await sys.ok(A.settingsSet, { communityId: C, marketFeeBps: 500 });
    const { type, item } = await typeOnSale(sys, C, {
      requestId: 'type-1',
      price: 100,
      stock: 5,
      supplyMax: 10,
      royaltyBps: 1000,
    });

    // Shop: alice buys edition 1; a repeat returns the first answer, other content is a conflict.
    const buy = { requestId: 'buy-1', communityId: C, buyerId: 'alice', shopItemId: item.id };
    const bought = await sys.ok(A.shopBuy, buy);
    expect(bought.payment).toEqual({
      price: 100,
      toPayee: 100,
      fee: 0,
      royalty: 0,
      holdId: `art:${C}:buy-1:hold`,
    });
    expect(bought.editions[0]).toMatchObject({ id: 1, serial: 1, ownerId: 'alice', status: 'owned' });
    expect(await sys.ok(A.shopBuy, buy)).toEqual(bought);
    expect(errorOf(await sys.call(A.shopBuy, { ...buy, priceMax: 99 }))).toMatchObject({
      code: 'IDEMPOTENCY_CONFLICT',
      details: { field: 'priceMax' },
    });
    expect(await balance('alice')).toBe(900);
    expect((await sys.ok(A.typeGet, { communityId: C, typeId: type.id })).lastPrice).toBe(100);

    // Market: alice lists, cannot buy her own listing or gift the listed edition; bob buys.
    const listing = await sys.ok(A.listingCreate, {
      requestId: 'list-1',
      communityId: C,
      sellerId: 'alice',
      editionId: 1,
      price: 200,
    });
    expect(
      errorOf(
        await sys.call(A.listingBuy, {
          requestId: 'own',
          communityId: C,
          buyerId: 'alice',
          listingId: listing.id,
        }),
      ).code,
    ).toBe('FORBIDDEN');
    expect(
      errorOf(
        await sys.call(A.editionGift, {
          requestId: 'g0',
          communityId: C,
          editionId: 1,
          fromId: 'alice',
          toId: 'bob',
        }),
      ),
    ).toMatchObject({
      code: 'CONFLICT',
      details: { reason: 'listed' },
    });
    expect(
      errorOf(
        await sys.call(A.listingCreate, {
          requestId: 'list-again',
          communityId: C,
          sellerId: 'alice',
          editionId: 1,
          price: 300,
        }),
      ),
    ).toMatchObject({
      details: { reason: 'already_listed' },
    });
    const sale = await sys.ok(A.listingBuy, {
      requestId: 'buy-2',
      communityId: C,
      buyerId: 'bob',
      listingId: listing.id,
      priceMax: 200,
    });
    expect(sale.payment).toMatchObject({ price: 200, toPayee: 170, fee: 10, royalty: 20 });
    expect(await owner(1)).toMatchObject({ ownerId: 'bob', status: 'owned' });
    expect(
      errorOf(
        await sys.call(A.listingBuy, {
          requestId: 'late',
          communityId: C,
          buyerId: 'carol',
          listingId: listing.id,
        }),
      ).code,
    ).toBe('SOLD_OUT');

    // Trade for tickets: bob offers edition 1 to carol for 300; the edition is locked until she accepts.
    const offer = await sys.ok(A.tradeOffer, {
      requestId: 'offer-1',
      communityId: C,
      fromId: 'bob',
      toId: 'carol',
      giveEditionIds: [1],
      wantAmount: 300,
    });
    expect(await owner(1)).toMatchObject({ status: 'in_trade' });
    expect(
      errorOf(
        await sys.call(A.listingCreate, {
          requestId: 'list-x',
          communityId: C,
          sellerId: 'bob',
          editionId: 1,
          price: 5,
        }),
      ),
    ).toMatchObject({
      details: { reason: 'in_trade' },
    });
    expect(
      errorOf(
        await sys.call(A.tradeAccept, { requestId: 'acc-x', communityId: C, tradeId: offer.id, byId: 'bob' }),
      ).code,
    ).toBe('FORBIDDEN');
    const accepted = await sys.ok(A.tradeAccept, {
      requestId: 'accept-1',
      communityId: C,
      tradeId: offer.id,
      byId: 'carol',
    });
    expect(accepted.payment).toMatchObject({ price: 300, toPayee: 285, fee: 15, royalty: 0 });
    expect(await owner(1)).toMatchObject({ ownerId: 'carol', status: 'owned' });
    expect((await sys.ok(A.tradeGet, { communityId: C, tradeId: offer.id })).status).toBe('accepted');

    // Declined by the recipient, cancelled by the offerer: the edition is free again each time.
    const t2 = await sys.ok(A.tradeOffer, {
      requestId: 'offer-2',
      communityId: C,
      fromId: 'carol',
      toId: 'alice',
      giveEditionIds: [1],
      wantAmount: 50,
    });
    expect((await sys.ok(A.tradeDecline, { communityId: C, tradeId: t2.id, byId: 'alice' })).status).toBe(
      'declined',
    );
    const t3 = await sys.ok(A.tradeOffer, {
      requestId: 'offer-3',
      communityId: C,
      fromId: 'carol',
      toId: 'alice',
      giveEditionIds: [1],
      wantAmount: 50,
    });
    expect((await sys.ok(A.tradeDecline, { communityId: C, tradeId: t3.id, byId: 'carol' })).status).toBe(
      'cancelled',
    );
    expect((await sys.ok(A.tradeDecline, { communityId: C, tradeId: t3.id, byId: 'carol' })).status).toBe(
      'cancelled',
    );
    expect(await owner(1)).toMatchObject({ ownerId: 'carol', status: 'owned' });

    // Expired: the offer's time runs out (moved forward in its row), the worker closes it and unlocks.
    const granted = await sys.ok(A.editionGrant, {
      requestId: 'grant-1',
      communityId: C,
      typeId: type.id,
      toId: 'bob',
    });
    const t4 = await sys.ok(A.tradeOffer, {
      requestId: 'offer-4',
      communityId: C,
      fromId: 'bob',
      toId: 'alice',
      giveEditionIds: [granted.id],
      wantAmount: 10,
    });
    const db = new Database(join(sys.dataDir, 'artifacts', 'artifacts.sqlite'));
    try {
      db.prepare('UPDATE trades SET expires_at = ? WHERE community_id = ? AND id = ?').run(
        Date.now() - 1,
        C,
        t4.id,
      );
    } finally {
      db.close();
    }
    await eventually(
      async () => (await sys.ok(A.tradeGet, { communityId: C, tradeId: t4.id })).status === 'expired',
      'trade 4 to expire',
    );
    expect(await owner(granted.id)).toMatchObject({ ownerId: 'bob', status: 'owned' });
    expect(
      errorOf(
        await sys.call(A.tradeAccept, { requestId: 'acc-4', communityId: C, tradeId: t4.id, byId: 'alice' }),
      ),
    ).toMatchObject({
      code: 'CONFLICT',
      details: { reason: 'expired' },
    });

    // Gift and burn, owner only.
    expect(
      errorOf(
        await sys.call(A.editionGift, {
          requestId: 'gift-x',
          communityId: C,
          editionId: 1,
          fromId: 'bob',
          toId: 'alice',
        }),
      ),
    ).toMatchObject({
      details: { reason: 'not_owner' },
    });
    expect(
      await sys.ok(A.editionGift, {
        requestId: 'gift-1',
        communityId: C,
        editionId: 1,
        fromId: 'carol',
        toId: 'alice',
      }),
    ).toMatchObject({ ownerId: 'alice' });
    expect(
      await sys.ok(A.editionBurn, {
        requestId: 'burn-1',
        communityId: C,
        editionId: granted.id,
        ownerId: 'bob',
      }),
    ).toMatchObject({
      ownerId: null,
      status: 'burned',
    });
    expect(
      errorOf(
        await sys.call(A.editionBurn, {
          requestId: 'burn-2',
          communityId: C,
          editionId: granted.id,
          ownerId: 'bob',
        }),
      ),
    ).toMatchObject({
      details: { reason: 'burned' },
    });

    // Editions for editions: no money, one transaction.
    const third = await sys.ok(A.editionGrant, {
      requestId: 'grant-2',
      communityId: C,
      typeId: type.id,
      toId: 'bob',
    });
    const swap = await sys.ok(A.tradeOffer, {
      requestId: 'offer-5',
      communityId: C,
      fromId: 'alice',
      toId: 'bob',
      giveEditionIds: [1],
      wantEditionIds: [third.id],
    });
    const swapped = await sys.ok(A.tradeAccept, {
      requestId: 'accept-2',
      communityId: C,
      tradeId: swap.id,
      byId: 'bob',
    });
    expect(swapped.payment).toEqual({ price: 0, toPayee: 0, fee: 0, royalty: 0, holdId: null });
    expect(await owner(1)).toMatchObject({ ownerId: 'bob' });
    expect(await owner(third.id)).toMatchObject({ ownerId: 'alice' });

    // A listing cancelled by its seller (only).
    const l2 = await sys.ok(A.listingCreate, {
      requestId: 'list-2',
      communityId: C,
      sellerId: 'bob',
      editionId: 1,
      price: 500,
    });
    expect(
      errorOf(await sys.call(A.listingCancel, { communityId: C, listingId: l2.id, sellerId: 'alice' })).code,
    ).toBe('FORBIDDEN');
    expect(
      (await sys.ok(A.listingCancel, { communityId: C, listingId: l2.id, sellerId: 'bob' })).status,
    ).toBe('cancelled');

    // Members create types only where allowed, paying the creation fee to the treasury.
    const memberType = {
      requestId: 'type-2',
      communityId: C,
      creatorId: 'alice',
      asAdmin: false,
      name: 'Alice Art',
      emoji: '🖼',
    };
    expect(errorOf(await sys.call(A.typeCreate, memberType)).code).toBe('FORBIDDEN');
    await sys.ok(A.settingsSet, { communityId: C, memberCreationEnabled: true, creationFee: 50 });
    expect(await sys.ok(A.typeCreate, memberType)).toMatchObject({ creatorId: 'alice', name: 'Alice Art' });

    // The money: 3000 minted, all accounted for.
    expect(await balance('alice')).toBe(1000 - 100 + 170 - 50);
    expect(await balance('bob')).toBe(1000 - 200 + 285);
    expect(await balance('carol')).toBe(1000 - 300);
    expect(await balance('admin')).toBe(20);
    const treasury = await sys.client.request(L.balanceGet, { accountId: ledgerAccountId('treasury', C) });
    expect(treasury.balance).toBe(100 + 10 + 15 + 50);
    const escrow = await sys.client.request(L.balanceGet, {
      accountId: ledgerAccountId('escrow', C, 'artifacts'),
    });
    expect(escrow).toMatchObject({ balance: 0, pendingCredits: 0 });
    expect(await sys.ledgerSettled(C)).toEqual({ sum: 0, openHolds: 0, verified: true });

    // Inventories value editions at their type's last price (300, from the trade for tickets).
    expect(await sys.ok(A.inventoryGet, { communityId: C, memberId: 'alice' })).toMatchObject({
      editionCount: 1,
      collectionValue: 300,
    });
    expect(await sys.ok(A.inventoryGet, { communityId: C, memberId: 'bob' })).toMatchObject({
      editionCount: 1,
      collectionValue: 300,
    });

    const verify = await sys.ok(A.provenanceVerify, { communityId: C });
    expect(verify).toMatchObject({ ok: true, entries: 9, editions: 3, problems: [] });
    const history = (await sys.ok(A.editionGet, { communityId: C, editionId: 1 })).provenance.map(
      (p) => p.kind,
    );
    expect(history).toEqual(['bought', 'sold', 'traded', 'gifted', 'traded']);
  });

  it('published every kind of event to JetStream, addressed to the community', async () => {
    const jsm = await jetstreamManager(sys.nc);
    const types = new Set<string>();
    await eventually(async () => {
      const info = await jsm.streams.info('TICKETONOMICS');
      for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq += 1) {
        const message = await jsm.streams.getMessage('TICKETONOMICS', { seq }).catch(() => null);
        if (message === null) continue;
        const event = JSON.parse(new TextDecoder().decode(message.data));
        if (event.source === 'ticketonomics/artifacts') {
          expect(event.communityid).toBe(C);
          types.add(message.subject);
        }
      }
      return types.size >= 11;
    }, 'artifacts events in the stream');
    expect([...types].sort()).toEqual(
      [
        'edition.burned',
        'edition.minted',
        'edition.transferred',
        'listing.cancelled',
        'listing.created',
        'listing.sold',
        'settings.updated',
        'shop.updated',
        'trade.closed',
        'trade.offered',
        'type.created',
      ]
        .map((name) => `tk.evt.artifacts.${name}`)
        .sort(),
    );
  });
});
