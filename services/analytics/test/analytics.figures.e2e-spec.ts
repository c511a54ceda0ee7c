import {
  AccountsEvents,
  AnalyticsCommands,
  ArtifactsEvents,
  LedgerEvents,
  type AnalyticsOverview,
  type AnalyticsStatus,
  type CloudEvent,
  type ProvenanceKind,
} from '@ticketonomics/contracts';
import { encodeJson } from '@ticketonomics/messaging';
import {
  publishEvent,
  publishRaw,
  startAnalyticsHarness,
  waitCaughtUp,
  type AnalyticsHarness,
} from './support/analytics.harness';
import { accountData, transferData, transferEventOf } from './support/ledger-events.builder';

/**
 * A fixed event sequence, published straight into JetStream, and every figure checked against values
 * computed by hand (in the comments). Community c1; `at` is Wednesday 2026-03-04 12:30 UTC, in the ISO
 * week starting Monday 2026-03-02.
 */
const AT = '2026-03-04T12:30:00.000Z';
const C = 'c1';
const ISS = 'issuance:c1';
const TRE = 'treasury:c1';
const ESC = 'escrow:c1:market';
const ALICE = 'user:c1:alice';
const BOB = 'user:c1:bob';
const CAROL = 'user:c1:carol';
const DAVE = 'user:c1:dave';

const TRANSFERS = [
  // dave: a mint 22 days before, inside the month, outside the week.
  { seq: 1, code: 'mint', at: '2026-02-10T08:00:00Z', amount: 10, debit: [ISS, -10], credit: [DAVE, 10] },
  // Sunday of the week before.
  {
    seq: 2,
    code: 'mint',
    at: '2026-03-01T10:00:00Z',
    amount: 1000,
    debit: [ISS, -1010],
    credit: [ALICE, 1000],
  },
  {
    seq: 3,
    code: 'payment',
    at: '2026-03-01T11:00:00Z',
    amount: 100,
    debit: [ALICE, 900],
    credit: [CAROL, 100],
  },
  // The last 24 h start here (hours 2026-03-03T13:00 to 2026-03-04T12:00).
  { seq: 4, code: 'mint', at: '2026-03-04T09:10:00Z', amount: 500, debit: [ISS, -1510], credit: [BOB, 500] },
  {
    seq: 5,
    code: 'payment',
    at: '2026-03-04T10:05:00Z',
    amount: 200,
    debit: [ALICE, 700],
    credit: [BOB, 700],
  },
  { seq: 6, code: 'tax', at: '2026-03-04T10:05:00Z', amount: 4, debit: [ALICE, 696], credit: [TRE, 4] },
  // A purchase: hold, settled into escrow, paid out to the seller and the treasury.
  {
    seq: 7,
    code: 'purchase',
    kind: 'pending',
    at: '2026-03-04T11:00:00Z',
    amount: 100,
    debit: [BOB, 700],
    credit: [ESC, 0],
  },
  {
    seq: 8,
    code: 'purchase',
    kind: 'post_pending',
    at: '2026-03-04T11:01:00Z',
    amount: 100,
    debit: [BOB, 600],
    credit: [ESC, 100],
  },
  { seq: 9, code: 'sale', at: '2026-03-04T11:02:00Z', amount: 90, debit: [ESC, 10], credit: [CAROL, 190] },
  { seq: 10, code: 'fee', at: '2026-03-04T11:02:00Z', amount: 10, debit: [ESC, 0], credit: [TRE, 14] },
  { seq: 11, code: 'fine', at: '2026-03-04T11:30:00Z', amount: 20, debit: [CAROL, 170], credit: [TRE, 34] },
  {
    seq: 12,
    code: 'burn',
    at: '2026-03-04T12:00:00Z',
    amount: 50,
    debit: [ALICE, 646],
    credit: [ISS, -1460],
  },
  // A hold voided: two journal rows, no money moved.
  {
    seq: 13,
    code: 'payment',
    kind: 'pending',
    at: '2026-03-04T12:10:00Z',
    amount: 30,
    debit: [ALICE, 646],
    credit: [BOB, 600],
  },
  {
    seq: 14,
    code: 'payment',
    kind: 'void_pending',
    at: '2026-03-04T12:11:00Z',
    amount: 30,
    debit: [ALICE, 646],
    credit: [BOB, 600],
  },
] as const;

async function publishSequence(h: AnalyticsHarness): Promise<CloudEvent[]> {
  const published: CloudEvent[] = [];
  for (const id of [ISS, TRE, ESC, ALICE, BOB, CAROL, DAVE]) {
    await publishEvent(h.nc, LedgerEvents.accountOpened, {
      communityId: C,
      subject: id,
      data: accountData(id, '2026-02-01T00:00:00Z'),
      time: '2026-02-01T00:00:00Z',
    });
  }
  for (const t of TRANSFERS) {
    const kind = 'kind' in t ? t.kind : 'posted';
    const data = transferData({ ...t, kind, debit: [...t.debit], credit: [...t.credit] });
    const event = transferEventOf(kind, data);
    published.push(
      await publishEvent(h.nc, event.spec, {
        communityId: C,
        subject: data.transfer.id,
        data: event.data,
        time: t.at,
      }),
    );
  }
  const reward = AccountsEvents.activityRewarded.example;
  await publishEvent(h.nc, AccountsEvents.activityRewarded, {
    communityId: C,
    subject: 'alice',
    data: { ...reward, communityId: C, amount: 5 },
    time: AT,
  });
  const type = ArtifactsEvents.typeCreated.example;
  await publishEvent(h.nc, ArtifactsEvents.typeCreated, {
    communityId: C,
    subject: '1',
    data: { ...type, communityId: C, id: 1, name: 'Golden' },
    time: AT,
  });
  const listing = { ...ArtifactsEvents.listingCreated.example, communityId: C, typeId: 1 };
  for (const [id, price] of [
    [1, 40],
    [2, 60],
    [3, 25],
  ]) {
    await publishEvent(h.nc, ArtifactsEvents.listingCreated, {
      communityId: C,
      subject: String(id),
      data: { ...listing, id, editionId: id, price },
      time: AT,
    });
  }
  await publishEvent(h.nc, ArtifactsEvents.listingCancelled, {
    communityId: C,
    subject: '3',
    data: { ...listing, id: 3, editionId: 3, price: 25, status: 'cancelled' },
    time: AT,
  });
  // Listing 1's sale moves edition 1 (provenance seq 1) before it is announced sold, once paid.
  await publishEditionMove(h, { seq: 1, editionId: 1, typeId: 1, kind: 'sold', price: 40, toId: 'alice' });
  const sold = ArtifactsEvents.listingSold.example;
  published.push(
    await publishEvent(h.nc, ArtifactsEvents.listingSold, {
      communityId: C,
      subject: '1',
      data: {
        ...sold,
        communityId: C,
        listing: { ...sold.listing, communityId: C, id: 1, typeId: 1, price: 40 },
        payment: { ...sold.payment, price: 40 },
      },
      time: AT,
    }),
  );
  await publishEvent(h.nc, ArtifactsEvents.typeCreated, {
    communityId: C,
    subject: '2',
    data: { ...type, communityId: C, id: 2, name: 'Silver' },
    time: AT,
  });
  // Shop purchases: edition 4 of type 1 for 25, editions 5 and 6 of type 2 for 30 and 35; the purchase of
  // edition 6 is undone (its payment failed): the edition is destroyed, the sale taken back, the last
  // price left as the artifacts service leaves it.
  published.push(
    await publishEditionMove(h, { seq: 2, editionId: 4, typeId: 1, kind: 'bought', price: 25, toId: 'bob' }),
  );
  await publishEditionMove(h, { seq: 3, editionId: 5, typeId: 2, kind: 'bought', price: 30, toId: 'bob' });
  await publishEditionMove(h, { seq: 4, editionId: 6, typeId: 2, kind: 'bought', price: 35, toId: 'bob' });
  await publishEditionMove(h, { seq: 5, editionId: 6, typeId: 2, kind: 'reverted', price: null, toId: null });
  // Trade 1, for tickets alone: bob gives editions 4 (type 1) and 5 (type 2) to carol for 45 tickets,
  // each at 45 / 2 = 22 (rounded down).
  await publishTrade(h, 'tk.evt.artifacts.trade.offered', { id: 1, give: [4, 5], want: [], amount: 45 });
  await publishEditionMove(h, { seq: 6, editionId: 4, typeId: 1, kind: 'traded', price: 22, toId: 'carol' });
  await publishEditionMove(h, { seq: 7, editionId: 5, typeId: 2, kind: 'traded', price: 22, toId: 'carol' });
  await publishTrade(h, 'tk.evt.artifacts.trade.closed', { id: 1, give: [4, 5], want: [], amount: 45 });
  // Trade 2, with an edition in return: alice gives edition 1 for edition 5 and 10 tickets; no last price.
  await publishTrade(h, 'tk.evt.artifacts.trade.offered', { id: 2, give: [1], want: [5], amount: 10 });
  await publishEditionMove(h, { seq: 8, editionId: 1, typeId: 1, kind: 'traded', price: 10, toId: 'carol' });
  await publishEditionMove(h, {
    seq: 9,
    editionId: 5,
    typeId: 2,
    kind: 'traded',
    price: null,
    toId: 'alice',
  });
  await publishTrade(h, 'tk.evt.artifacts.trade.closed', { id: 2, give: [1], want: [5], amount: 10 });
  return published;
}

/** An edition.minted (kind bought) or edition.transferred event, as the artifacts service writes it. */
async function publishEditionMove(
  h: AnalyticsHarness,
  move: {
    seq: number;
    editionId: number;
    typeId: number;
    kind: ProvenanceKind;
    price: number | null;
    toId: string | null;
  },
): Promise<CloudEvent> {
  const example = ArtifactsEvents.editionMinted.example;
  const spec = move.kind === 'bought' ? ArtifactsEvents.editionMinted : ArtifactsEvents.editionTransferred;
  return publishEvent(h.nc, spec, {
    communityId: C,
    subject: String(move.editionId),
    data: {
      communityId: C,
      edition: {
        ...example.edition,
        communityId: C,
        id: move.editionId,
        typeId: move.typeId,
        ownerId: move.toId,
        status: move.toId === null ? 'burned' : 'owned',
      },
      provenance: {
        ...example.provenance,
        communityId: C,
        seq: move.seq,
        editionId: move.editionId,
        kind: move.kind,
        toId: move.toId,
        price: move.price,
      },
      payment: move.price === null ? null : { ...example.payment!, price: move.price, toPayee: move.price },
    },
    time: AT,
  });
}

async function publishTrade(
  h: AnalyticsHarness,
  type: 'tk.evt.artifacts.trade.offered' | 'tk.evt.artifacts.trade.closed',
  offer: { id: number; give: number[]; want: number[]; amount: number },
): Promise<void> {
  const trade = {
    ...ArtifactsEvents.tradeOffered.example,
    communityId: C,
    id: offer.id,
    giveEditionIds: offer.give,
    wantEditionIds: offer.want,
    wantAmount: offer.amount,
  };
  if (type === ArtifactsEvents.tradeOffered.type) {
    await publishEvent(h.nc, ArtifactsEvents.tradeOffered, {
      communityId: C,
      subject: String(offer.id),
      data: trade,
      time: AT,
    });
    return;
  }
  await publishEvent(h.nc, ArtifactsEvents.tradeClosed, {
    communityId: C,
    subject: String(offer.id),
    data: { communityId: C, trade: { ...trade, status: 'accepted' }, payment: null },
    time: AT,
  });
}

describe('analytics figures on a fixed event sequence', () => {
  let h: AnalyticsHarness;
  let published: CloudEvent[];

  beforeAll(async () => {
    h = await startAnalyticsHarness({ ANALYTICS_BATCH_MAX: '7' });
    published = await publishSequence(h);
    // Redelivered and malformed: the payment (seq 5), the sale and a purchase published again as new stream messages
    // (past JetStream's duplicate window), a body that is not JSON, and a transfer event missing its data.
    const payment = published.find((event) => event.subject === 't-5')!;
    await publishRaw(h.nc, payment.type, encodeJson(payment));
    const sale = published.find((event) => event.type === ArtifactsEvents.listingSold.type)!;
    await publishRaw(h.nc, sale.type, encodeJson(sale));
    // And the shop purchase of edition 4, long after: counted once, and the last price not set back.
    const purchase = published.find((event) => event.type === ArtifactsEvents.editionMinted.type)!;
    await publishRaw(h.nc, purchase.type, encodeJson(purchase));
    await publishRaw(h.nc, LedgerEvents.transferPosted.type, new TextEncoder().encode('{not json'));
    await publishRaw(h.nc, LedgerEvents.transferPosted.type, encodeJson({ ...payment, id: 'x', data: {} }));
    await waitCaughtUp(h);
  });

  afterAll(async () => {
    await h?.close();
  });

  const overview = (at = AT) =>
    h.ok<AnalyticsOverview>(AnalyticsCommands.overviewGet.subject, { communityId: C, at });

  it('computes supply, Gini, velocity, actives and totals as by hand', async () => {
    expect(await overview()).toEqual({
      communityId: C,
      at: AT,
      // issuance -1460; treasury 4 + 10 + 20; escrow 100 - 90 - 10.
      supply: 1460,
      treasury: 34,
      escrow: 0,
      circulating: 1426,
      memberCount: 4,
      // Users sorted [10, 170, 600, 646]: Σx = 1426, Σ i*x = 4734; 2*4734/(4*1426) - 5/4 = 0.409888.
      gini: 0.409888,
      // Velocity volume, last 24 h: payment 200 + tax 4 + purchase 100 + fine 20 (no mint, burn, escrow payout).
      velocity24h: 0.227209, // 324 / 1426
      velocity7d: 0.297335, // (324 + the Sunday payment 100) / 1426
      // Wednesday: alice, bob, carol (the fine and burn make no one active, dave only in February).
      activeDaily: 3,
      activeWeekly: 3,
      activeMonthly: 4,
      // Money moved in seqs 1-6 and 8-12; 7, 13, 14 are a hold and a hold and its void.
      transfersTotal: 11,
      volumeTotal: 2084,
      transfers24h: 8,
      volume24h: 974,
      journalRows: 14,
      minted: 1510,
      burned: 50,
      rewardsCount: 1,
      rewardsTotal: 5,
      taxTotal: 4,
      feesTotal: 10,
      lastEventAt: AT,
      appliedSeq: expect.any(Number),
    });
  });

  it('counts activity in the UTC day, the 7 days and the 30 days ending at `at`', async () => {
    expect(await overview('2026-03-05T08:00:00.000Z')).toMatchObject({
      activeDaily: 0,
      activeWeekly: 3,
      activeMonthly: 4,
    });
    expect(await overview('2026-03-01T23:00:00.000Z')).toMatchObject({
      activeDaily: 2,
      activeWeekly: 2,
      activeMonthly: 3,
    });
    // 30 days after dave's mint he has dropped out of the month.
    expect(await overview('2026-03-12T00:00:00.000Z')).toMatchObject({ activeWeekly: 0, activeMonthly: 3 });
  });

  it('ranks holders and the earners of the ISO week', async () => {
    const board = (b: string, at = AT) =>
      h.ok(AnalyticsCommands.leaderboardGet.subject, { communityId: C, board: b, limit: 3, at });
    expect(await board('holders')).toEqual({
      board: 'holders',
      items: [
        { rank: 1, accountId: ALICE, ownerId: 'alice', value: 646 },
        { rank: 2, accountId: BOB, ownerId: 'bob', value: 600 },
        { rank: 3, accountId: CAROL, ownerId: 'carol', value: 170 },
      ],
    });
    // This week: bob's mint 500, carol's sale 90 (alice's mint was on Sunday, the week before).
    expect((await board('earners-week')).items).toEqual([
      { rank: 1, accountId: BOB, ownerId: 'bob', value: 500 },
      { rank: 2, accountId: CAROL, ownerId: 'carol', value: 90 },
    ]);
    expect((await board('earners-week', '2026-03-01T12:00:00.000Z')).items).toEqual([
      { rank: 1, accountId: ALICE, ownerId: 'alice', value: 1000 },
    ]);
  });

  it('gives the daily and hourly series', async () => {
    const series = (metric: string, bucket: string, extra = {}) =>
      h.ok(AnalyticsCommands.seriesGet.subject, { communityId: C, metric, bucket, ...extra });
    const day = (d: string) => `${d}T00:00:00.000Z`;
    expect((await series('volume', 'day')).points).toEqual([
      { start: day('2026-02-10'), value: 10 },
      { start: day('2026-03-01'), value: 1100 },
      { start: day('2026-03-04'), value: 974 },
    ]);
    expect((await series('supply', 'day')).points.map((p: { value: number }) => p.value)).toEqual([
      10, 1010, 1460,
    ]);
    expect((await series('active', 'day')).points.map((p: { value: number }) => p.value)).toEqual([1, 2, 3]);
    const hours = await series('transfers', 'hour', { from: '2026-03-04T00:00:00Z', limit: 3 });
    // The newest 3 hours of the day: 10:00 payment + tax, 11:00 purchase, sale, fee, fine, 12:00 burn.
    expect(hours.points).toEqual([
      { start: '2026-03-04T10:00:00.000Z', value: 2 },
      { start: '2026-03-04T11:00:00.000Z', value: 4 },
      { start: '2026-03-04T12:00:00.000Z', value: 1 },
    ]);
  });

  it('lists every balance, a page at a time', async () => {
    const first = await h.ok(AnalyticsCommands.balancesList.subject, { communityId: C, limit: 4 });
    const second = await h.ok(AnalyticsCommands.balancesList.subject, {
      communityId: C,
      cursor: first.nextCursor,
    });
    const balances = Object.fromEntries(
      [...first.items, ...second.items].map((item: { accountId: string; balance: number }) => [
        item.accountId,
        item.balance,
      ]),
    );
    expect(balances).toEqual({
      [ESC]: 0,
      [ISS]: -1460,
      [TRE]: 34,
      [ALICE]: 646,
      [BOB]: 600,
      [CAROL]: 170,
      [DAVE]: 10,
    });
    expect(second.nextCursor).toBeNull();
  });

  it('gives the market per artifact type', async () => {
    expect(await h.ok(AnalyticsCommands.marketGet.subject, { communityId: C })).toEqual({
      types: [
        // Listing 1 sold for 40 (its republish counted once), 2 still listed at 60, 3 cancelled; edition 4
        // bought from the shop for 25 (its republish counted once); last, edition 4 traded at 22 (trade 2's
        // 10 for edition 1 came with an edition in return, so it does not count).
        {
          typeId: 1,
          name: 'Golden',
          marketSales: 1,
          marketVolume: 40,
          shopSales: 1,
          shopVolume: 25,
          lastPrice: 22,
          floorPrice: 60,
          listings: 1,
        },
        // Editions 5 (30) and 6 (35, undone) bought from the shop: one sale of 30; last, edition 5 at 22.
        {
          typeId: 2,
          name: 'Silver',
          marketSales: 0,
          marketVolume: 0,
          shopSales: 1,
          shopVolume: 30,
          lastPrice: 22,
          floorPrice: null,
          listings: 0,
        },
      ],
      nextCursor: null,
    });
  });

  it('skips malformed events, counting them, and counts redelivered ones once', async () => {
    const status = await h.ok<AnalyticsStatus>(AnalyticsCommands.statusGet.subject, {});
    expect(status).toMatchObject({ replicaId: 'replica-a', lag: 0, eventsMalformed: 2, rebuilding: false });
    expect(status.eventsApplied + status.eventsMalformed).toBe(status.streamLastSeq);
  });

  it('answers zeros for a community it has not seen', async () => {
    expect(
      await h.ok(AnalyticsCommands.overviewGet.subject, { communityId: 'nobody', at: AT }),
    ).toMatchObject({ supply: 0, memberCount: 0, gini: 0, velocity24h: 0, lastEventAt: null });
  });

  it('rebuilds to the same figures, and answers the same after a restart', async () => {
    const before = await overview();
    const market = () => h.ok(AnalyticsCommands.marketGet.subject, { communityId: C });
    const marketBefore = await market();
    const rebuild = await h.ok(AnalyticsCommands.rebuildStart.subject, {});
    expect(rebuild).toMatchObject({ replicaId: 'replica-a', fromSeq: 1, targetSeq: before.appliedSeq });
    await waitCaughtUp(h);
    expect(await overview()).toEqual(before);
    expect(await market()).toEqual(marketBefore);
    await h.restart();
    await waitCaughtUp(h);
    expect(await overview()).toEqual(before);
    expect(await market()).toEqual(marketBefore);
  });
});
