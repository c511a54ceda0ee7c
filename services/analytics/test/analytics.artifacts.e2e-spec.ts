import {
  AnalyticsCommands,
  ArtifactsCommands as A,
  LedgerCommands as L,
  type MarketTypeStats,
} from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import {
  makeTempDir,
  removeDir,
  spawnBackendService,
  waitFor,
  type BackendService,
} from '@ticketonomics/testing';
import { startAnalyticsHarness, type AnalyticsHarness } from './support/analytics.harness';

const C = 'mixed';
/** A purchase whose artifacts process is killed mid-way gets no answer: no need to wait the usual 10 s. */
const UNANSWERED_TIMEOUT_MS = 2_000;
/** The ledger's hold expiry and artifacts' recovery worker look often, so a reverted purchase is seen soon. */
const FAST_WORKERS = {
  ledger: { LEDGER_EXPIRY_SWEEP_MS: '200' },
  artifacts: { ARTIFACTS_SAGA_INTERVAL_MS: '200' },
};

/**
 * Analytics against the real artifacts service and ledger (built processes from dist/: run `npm run
 * build` first): after shop purchases, a market sale and trades with and without editions in return,
 * every type's last price in analytics is the one the artifacts service gives; and again after a shop
 * purchase and a market sale are reverted (their holds expired before they were posted).
 */
describe('analytics market figures against the artifacts service', () => {
  let h: AnalyticsHarness;
  let dataDir: string;
  let backends: BackendService[] = [];
  let client: CommandClient;

  beforeAll(async () => {
    h = await startAnalyticsHarness();
    dataDir = await makeTempDir('analytics-artifacts-test-');
    backends = await Promise.all(
      (['ledger', 'artifacts'] as const).map((name) =>
        spawnBackendService({ name, nats: h.nats, dataDir, env: FAST_WORKERS[name] }),
      ),
    );
    client = new CommandClient(h.nc, { timeoutMs: 10_000 });
    for (const member of ['alice', 'bob', 'carol']) {
      const account = await client.request(L.accountOpen, { communityId: C, kind: 'user', ownerId: member });
      await client.request(L.supplyMint, { id: `fund-${member}`, accountId: account.id, amount: 1000 });
    }
  });

  afterAll(async () => {
    await Promise.all(backends.map((backend) => backend.process.stop()));
    await h?.close();
    if (dataDir !== undefined) await removeDir(dataDir);
  });

  const typeOnSale = async (name: string, price: number) => {
    const type = await client.request(A.typeCreate, {
      requestId: `type-${name}`,
      communityId: C,
      creatorId: 'admin',
      asAdmin: true,
      name,
      emoji: '🎫',
      supplyMax: null,
      royaltyBps: 0,
    });
    const item = await client.request(A.shopAdd, { communityId: C, typeId: type.id, price, stock: null });
    return { typeId: type.id, shopItemId: item.id };
  };
  const buy = async (requestId: string, buyerId: string, shopItemId: number) =>
    (await client.request(A.shopBuy, { requestId, communityId: C, buyerId, shopItemId })).editions[0]!.id;

  it('gives every type the last price the artifacts service gives it', async () => {
    const gold = await typeOnSale('Gold', 100);
    const silver = await typeOnSale('Silver', 50);
    const bronze = await typeOnSale('Bronze', 10);
    const e1 = await buy('buy-1', 'alice', gold.shopItemId); // gold: 100
    const e2 = await buy('buy-2', 'bob', silver.shopItemId); // silver: 50
    const e3 = await buy('buy-3', 'bob', silver.shopItemId); // silver: 50
    const listing = await client.request(A.listingCreate, {
      requestId: 'list-1',
      communityId: C,
      sellerId: 'alice',
      editionId: e1,
      price: 150,
    });
    await client.request(A.listingBuy, {
      requestId: 'sale-1',
      communityId: C,
      buyerId: 'carol',
      listingId: listing.id,
    }); // gold: 150
    const e4 = await buy('buy-4', 'bob', gold.shopItemId); // gold: 100
    // For tickets alone: 75 / 2 = 37 each, for gold and silver.
    const forTickets = await client.request(A.tradeOffer, {
      requestId: 'offer-1',
      communityId: C,
      fromId: 'bob',
      toId: 'alice',
      giveEditionIds: [e2, e4],
      wantAmount: 75,
    });
    await client.request(A.tradeAccept, {
      requestId: 'accept-1',
      communityId: C,
      tradeId: forTickets.id,
      byId: 'alice',
    });
    // An edition in return as well: no last price changes.
    const swap = await client.request(A.tradeOffer, {
      requestId: 'offer-2',
      communityId: C,
      fromId: 'carol',
      toId: 'bob',
      giveEditionIds: [e1],
      wantEditionIds: [e3],
      wantAmount: 20,
    });
    await client.request(A.tradeAccept, {
      requestId: 'accept-2',
      communityId: C,
      tradeId: swap.id,
      byId: 'bob',
    });

    const artifactsLastPrice: Record<number, number | null> = {};
    for (const typeId of [gold.typeId, silver.typeId, bronze.typeId]) {
      artifactsLastPrice[typeId] = (await client.request(A.typeGet, { communityId: C, typeId })).lastPrice;
    }
    expect(artifactsLastPrice).toEqual({ [gold.typeId]: 37, [silver.typeId]: 37, [bronze.typeId]: null });

    const expected: Partial<MarketTypeStats>[] = [
      { typeId: gold.typeId, marketSales: 1, marketVolume: 150, shopSales: 2, shopVolume: 200 },
      { typeId: silver.typeId, marketSales: 0, marketVolume: 0, shopSales: 2, shopVolume: 100 },
      { typeId: bronze.typeId, marketSales: 0, marketVolume: 0, shopSales: 0, shopVolume: 0 },
    ].map((figures) => ({ ...figures, lastPrice: artifactsLastPrice[figures.typeId]! }));
    // The trade's completion event comes once it is paid out, after the accept's answer: wait for it.
    const market = await waitFor(
      async () => {
        const { types } = await h.ok<{ types: MarketTypeStats[] }>(AnalyticsCommands.marketGet.subject, {
          communityId: C,
        });
        const matches = expected.every((figures, i) =>
          Object.entries(figures).every(([key, value]) => types[i]?.[key as keyof MarketTypeStats] === value),
        );
        return matches ? types : undefined;
      },
      { timeoutMs: 15_000, description: 'analytics to catch up with the artifacts events' },
    );
    expect(market).toHaveLength(3);
  });

  /**
   * Kill artifacts right after the item step (its test-only fault hook) with holds of 1 s, let the ledger
   * expire the hold, start it again: its worker finds the hold gone and reverts the purchase.
   */
  async function revertedPurchase(send: () => Promise<unknown>, holdId: string): Promise<void> {
    const artifacts = backends[1]!;
    await artifacts.process.stop();
    artifacts.process = await artifacts.start({
      ARTIFACTS_FAULT_AFTER: 'item',
      ARTIFACTS_HOLD_TIMEOUT_MS: '1000',
    });
    await send().catch(() => undefined);
    expect((await artifacts.process.exited).signal).toBe('SIGKILL');
    await waitFor(
      async () => (await client.request(L.transferGet, { transferId: holdId })).pendingState === 'expired',
      { timeoutMs: 15_000, description: `the ledger to expire ${holdId}` },
    );
    artifacts.process = await artifacts.start();
  }

  it('takes back the last price of a reverted shop purchase and market sale, as the artifacts service does', async () => {
    const types = (await client.request(A.typeList, { communityId: C })).items;
    const [gold, silver] = [types[0]!, types[1]!];
    const silverItem = (await client.request(A.shopBrowse, { communityId: C })).items.find(
      (entry) => entry.type.id === silver.id,
    )!.item;
    // A shop purchase at 50 undone: its edition destroyed, silver's last price the trade's 37 again.
    const shopBuy = {
      requestId: 'buy-reverted',
      communityId: C,
      buyerId: 'alice',
      shopItemId: silverItem.id,
    };
    await revertedPurchase(
      () => client.request(A.shopBuy, shopBuy, { timeoutMs: UNANSWERED_TIMEOUT_MS }),
      `art:${C}:buy-reverted:hold`,
    );
    await waitFor(
      async () =>
        client.request(A.shopBuy, shopBuy).then(
          () => false,
          () => true,
        ),
      { timeoutMs: 15_000, description: 'artifacts to revert the purchase' },
    );
    // A market sale at 200 undone: the edition back to its seller, gold's last price 37 again.
    const bobsGold = (await client.request(A.inventoryGet, { communityId: C, memberId: 'bob' })).items.find(
      (entry) => entry.type.id === gold.id,
    )!.edition;
    const listing = await client.request(A.listingCreate, {
      requestId: 'list-reverted',
      communityId: C,
      sellerId: 'bob',
      editionId: bobsGold.id,
      price: 200,
    });
    const listingBuy = {
      requestId: 'sale-reverted',
      communityId: C,
      buyerId: 'carol',
      listingId: listing.id,
    };
    await revertedPurchase(
      () => client.request(A.listingBuy, listingBuy, { timeoutMs: UNANSWERED_TIMEOUT_MS }),
      `art:${C}:sale-reverted:hold`,
    );
    await waitFor(
      async () =>
        client.request(A.listingBuy, listingBuy).then(
          () => false,
          () => true,
        ),
      { timeoutMs: 15_000, description: 'artifacts to revert the sale' },
    );

    const typeGet = async (typeId: number) =>
      (await client.request(A.typeGet, { communityId: C, typeId })).lastPrice;
    expect([await typeGet(gold.id), await typeGet(silver.id)]).toEqual([37, 37]);
    const expected: Partial<MarketTypeStats>[] = [
      { typeId: gold.id, lastPrice: 37, marketSales: 1, shopSales: 2, listings: 1 },
      { typeId: silver.id, lastPrice: 37, shopSales: 2, shopVolume: 100 },
    ];
    await waitFor(
      async () => {
        const { types: figures } = await h.ok<{ types: MarketTypeStats[] }>(
          AnalyticsCommands.marketGet.subject,
          { communityId: C },
        );
        return expected.every((want, i) =>
          Object.entries(want).every(([key, value]) => figures[i]?.[key as keyof MarketTypeStats] === value),
        )
          ? figures
          : undefined;
      },
      { timeoutMs: 15_000, description: 'analytics to take back the reverted prices' },
    );
  });
});
