import {
  AccountsEvents,
  AnalyticsCommands,
  LedgerEvents,
  scheduledRowId,
  type FlowDay,
} from '@ticketonomics/contracts';
import {
  publishEvent,
  startAnalyticsHarness,
  waitCaughtUp,
  type AnalyticsHarness,
} from './support/analytics.harness';
import { accountData, transferData, transferEventOf } from './support/ledger-events.builder';

/**
 * Money flows per UTC day (flows.get) from a hand-made event sequence published into JetStream on a real
 * nats-server, each figure worked out by hand in the comments: a quiet day carries the supply and
 * treasury over, a reward's mint is told from an admin's by the id accounts announced, the schedule's
 * rows by theirs, and a rebuild answers the same.
 */
const C = 'f1';
const ISS = 'issuance:f1';
const TRE = 'treasury:f1';
const ALICE = 'user:f1:alice';
const BOB = 'user:f1:bob';
const AT = '2026-03-04T12:00:00.000Z';
const REWARD_MINT_ID = 'tg-reward:-100:42';
type Side = [string, number];

const TRANSFERS: {
  seq: number;
  id?: string;
  code: 'mint' | 'payment' | 'tax' | 'bonus' | 'burn' | 'fee';
  kind?: 'pending' | 'void_pending';
  at: string;
  amount: number;
  debit: Side;
  credit: Side;
}[] = [
  // 03-02: an admin mints 1000; the schedule emits 100 to the treasury and 50 to bob.
  {
    seq: 1,
    code: 'mint',
    at: '2026-03-02T09:00:00Z',
    amount: 1000,
    debit: [ISS, -1000],
    credit: [ALICE, 1000],
  },
  {
    seq: 2,
    id: scheduledRowId('emission', C, 'day', 20_513, 0),
    code: 'mint',
    at: '2026-03-02T00:00:01Z',
    amount: 100,
    debit: [ISS, -1100],
    credit: [TRE, 100],
  },
  {
    seq: 3,
    id: scheduledRowId('emission', C, 'day', 20_513, 1),
    code: 'mint',
    at: '2026-03-02T00:00:01Z',
    amount: 50,
    debit: [ISS, -1150],
    credit: [BOB, 50],
  },
  // 03-03: nothing. 03-04: a reward's mint (5), a payment and its tax (2), a grant from the treasury
  // (30), the holding fee burned (3) and to the treasury (4), an admin's burn (10), a voided hold.
  {
    seq: 4,
    id: REWARD_MINT_ID,
    code: 'mint',
    at: '2026-03-04T08:00:00Z',
    amount: 5,
    debit: [ISS, -1155],
    credit: [ALICE, 1005],
  },
  {
    seq: 5,
    code: 'payment',
    at: '2026-03-04T09:00:00Z',
    amount: 100,
    debit: [ALICE, 905],
    credit: [BOB, 150],
  },
  { seq: 6, code: 'tax', at: '2026-03-04T09:00:00Z', amount: 2, debit: [ALICE, 903], credit: [TRE, 102] },
  { seq: 7, code: 'bonus', at: '2026-03-04T09:30:00Z', amount: 30, debit: [TRE, 72], credit: [BOB, 180] },
  {
    seq: 8,
    id: scheduledRowId('demurrage', C, 'day', 20_515, 0),
    code: 'burn',
    at: '2026-03-04T00:00:01Z',
    amount: 3,
    debit: [BOB, 177],
    credit: [ISS, -1152],
  },
  { seq: 9, code: 'burn', at: '2026-03-04T10:00:00Z', amount: 10, debit: [ALICE, 893], credit: [ISS, -1142] },
  {
    seq: 10,
    id: scheduledRowId('demurrage', C, 'day', 20_515, 1),
    code: 'fee',
    at: '2026-03-04T00:00:01Z',
    amount: 4,
    debit: [ALICE, 889],
    credit: [TRE, 76],
  },
  {
    seq: 11,
    code: 'bonus',
    kind: 'pending',
    at: '2026-03-04T11:00:00Z',
    amount: 20,
    debit: [TRE, 76],
    credit: [BOB, 177],
  },
  {
    seq: 12,
    code: 'bonus',
    kind: 'void_pending',
    at: '2026-03-04T11:01:00Z',
    amount: 20,
    debit: [TRE, 76],
    credit: [BOB, 177],
  },
];

const quiet = (day: string, supply: number, treasury: number): FlowDay => ({
  day,
  emitted: 0,
  rewarded: 0,
  rewardsMinted: 0,
  minted: 0,
  taxed: 0,
  burned: 0,
  supply,
  treasury,
});

const EXPECTED: FlowDay[] = [
  quiet('2026-03-01', 0, 0),
  { ...quiet('2026-03-02', 1150, 100), emitted: 150, minted: 1000 },
  quiet('2026-03-03', 1150, 100),
  // 1150 + 5 (reward) - 3 - 10 (burned) = 1142; treasury 100 + 2 - 30 + 4 = 76.
  { ...quiet('2026-03-04', 1142, 76), rewarded: 35, rewardsMinted: 5, taxed: 6, burned: 13 },
];

describe('analytics money flows per day (real nats-server)', () => {
  let h: AnalyticsHarness;

  beforeAll(async () => {
    h = await startAnalyticsHarness();
    for (const id of [ISS, TRE, ALICE, BOB]) {
      await publishEvent(h.nc, LedgerEvents.accountOpened, {
        communityId: C,
        subject: id,
        data: accountData(id, '2026-03-01T00:00:00Z'),
        time: '2026-03-01T00:00:00Z',
      });
    }
    for (const t of TRANSFERS) {
      if (t.id === REWARD_MINT_ID) {
        // accounts decides the reward before the ledger mints it: the stream holds it first.
        await publishEvent(h.nc, AccountsEvents.activityRewarded, {
          communityId: C,
          subject: 'alice',
          data: {
            ...AccountsEvents.activityRewarded.example,
            communityId: C,
            mintId: REWARD_MINT_ID,
            amount: 5,
          },
          time: t.at,
        });
      }
      const kind = t.kind ?? 'posted';
      const data = transferData({ ...t, kind });
      const event = transferEventOf(kind, data);
      await publishEvent(h.nc, event.spec, {
        communityId: C,
        subject: data.transfer.id,
        data: event.data,
        time: t.at,
      });
    }
    await waitCaughtUp(h);
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  const flows = (days: number, at = AT) =>
    h.ok<{ days: FlowDay[]; appliedSeq: number }>(AnalyticsCommands.flowsGet.subject, {
      communityId: C,
      days,
      at,
    });

  it('folds each day’s sources and sinks, quiet days included, and ends on the ledger’s supply', async () => {
    const answer = await flows(4);
    expect(answer.days).toEqual(EXPECTED);
    const overview = await h.ok(AnalyticsCommands.overviewGet.subject, { communityId: C, at: AT });
    expect(answer.days.at(-1)).toMatchObject({ supply: overview.supply, treasury: overview.treasury });
    for (const [before, day] of answer.days.slice(1).map((day, i) => [answer.days[i]!, day] as const)) {
      expect(day.supply - before.supply).toBe(day.emitted + day.rewardsMinted + day.minted - day.burned);
    }
  });

  it('carries the last day over into later quiet days, and answers zeros for a community it has not seen', async () => {
    expect((await flows(2, '2026-03-06T23:59:59Z')).days).toEqual([
      quiet('2026-03-05', 1142, 76),
      quiet('2026-03-06', 1142, 76),
    ]);
    const unseen = await h.ok<{ days: FlowDay[] }>(AnalyticsCommands.flowsGet.subject, {
      communityId: 'nobody',
      days: 1,
      at: AT,
    });
    expect(unseen.days).toEqual([quiet('2026-03-04', 0, 0)]);
  });

  it('refuses more days than it answers, naming the field', async () => {
    const reply = await h.call(AnalyticsCommands.flowsGet.subject, { communityId: C, days: 367 });
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', details: { field: 'days' } },
    });
  });

  it('rebuilds to the same days', async () => {
    const before = await flows(4);
    await h.ok(AnalyticsCommands.rebuildStart.subject, {});
    await waitCaughtUp(h);
    expect((await flows(4)).days).toEqual(before.days);
  });
});
