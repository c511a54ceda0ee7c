import {
  ANALYTICS_LIMITS,
  AnalyticsCommands,
  EVENT_STREAM,
  isDomainError,
  LedgerCommands,
  TRANSFER_KINDS_MOVING_MONEY,
  type AnalyticsBalance,
  type AnalyticsOverview,
} from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import {
  makeTempDir,
  removeDir,
  seededRandom,
  spawnBackendService,
  waitFor,
  type ServiceProcess,
} from '@ticketonomics/testing';
import pino from 'pino';
import type { RunningAnalytics } from '../src/analytics.app';
import { BalancesService } from '../src/balances/balances.service';
import { FlowsService } from '../src/flows/flows.service';
import { OverviewService } from '../src/overview/overview.service';
import { RebuildService } from '../src/rebuild/rebuild.service';
import {
  publishRaw,
  startAnalyticsHarness,
  startAnalyticsReplica,
  streamLastSeq,
  waitCaughtUp,
  type AnalyticsHarness,
} from './support/analytics.harness';
import { jetstreamManager } from '@nats-io/jetstream';

/**
 * Analytics against the real ledger (built, run as a process: services never import each other): a few
 * hundred random mints, payments with tax, burns, holds posted or voided and reversals; then the read
 * models must equal the ledger (supply, treasury, every balance, journal rows and transfers), also after a
 * rebuild, in a replica started late, and with events delivered twice. Needs `npm run build` first.
 */
const COMMUNITIES = ['ca', 'cb'];
const MEMBERS = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'];
const OPERATIONS = 300;

describe('analytics equals the ledger', () => {
  let h: AnalyticsHarness;
  let ledger: ServiceProcess;
  let client: CommandClient;
  let ledgerDir: string;

  beforeAll(async () => {
    h = await startAnalyticsHarness();
    ledgerDir = await makeTempDir('analytics-ledger-');
    ledger = (
      await spawnBackendService({
        name: 'ledger',
        nats: h.nats,
        dataDir: ledgerDir,
        // The schedule's periods apply at once, so its mints are among the rows compared.
        env: { LEDGER_EMISSION_TICK_MS: '200' },
      })
    ).process;
    client = new CommandClient(h.nc, { timeoutMs: 10_000 });
  });

  afterAll(async () => {
    await ledger?.stop();
    await h?.close();
    if (ledgerDir !== undefined) await removeDir(ledgerDir);
  });

  /** Ignore the refusals random operations run into (insufficient funds, already reversed, ...). */
  async function attempt(work: () => Promise<unknown>): Promise<unknown> {
    try {
      return await work();
    } catch (error) {
      if (isDomainError(error) && error.code !== 'UNAVAILABLE' && error.code !== 'INTERNAL') return undefined;
      throw error;
    }
  }

  async function runOperations(seed: number, count: number, onHalf?: () => Promise<void>): Promise<void> {
    const next = seededRandom(seed);
    const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
    const user = (community: string) => `user:${community}:${pick(MEMBERS)}`;
    const payments: string[] = [];
    for (let i = 0; i < count; i += 1) {
      if (i === Math.floor(count / 2)) await onHalf?.();
      const community = pick(COMMUNITIES);
      const id = `s${seed}-${i}`;
      const roll = next();
      if (roll < 0.25) {
        await attempt(() =>
          client.request(LedgerCommands.supplyMint, {
            id,
            accountId: user(community),
            amount: 1 + Math.floor(next() * 500),
          }),
        );
      } else if (roll < 0.6) {
        const paid = await attempt(() =>
          client.request(LedgerCommands.transferCreate, {
            id,
            debitAccountId: user(community),
            creditAccountId: user(community),
            amount: 1 + Math.floor(next() * 100),
            code: 'payment',
          }),
        );
        if (paid !== undefined) payments.push(id);
      } else if (roll < 0.68) {
        await attempt(() =>
          client.request(LedgerCommands.supplyBurn, {
            id,
            accountId: user(community),
            amount: 1 + Math.floor(next() * 50),
          }),
        );
      } else if (roll < 0.88) {
        const held = await attempt(() =>
          client.request(LedgerCommands.transferCreate, {
            id,
            debitAccountId: user(community),
            creditAccountId: `treasury:${community}`,
            amount: 2 + Math.floor(next() * 50),
            code: 'purchase',
            pending: { timeoutMs: 60_000 },
          }),
        );
        if (held === undefined) continue;
        if (next() < 0.6)
          await attempt(() => client.request(LedgerCommands.transferPost, { pendingId: id, amount: 1 }));
        else await attempt(() => client.request(LedgerCommands.transferVoid, { pendingId: id }));
      } else if (payments.length > 0) {
        await attempt(() =>
          client.request(LedgerCommands.transferReverse, { id, transferId: pick(payments) }),
        );
      }
    }
  }

  /** Every account of a community, through a paged list command. */
  async function allPages<T>(
    call: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
  ) {
    const items: T[] = [];
    let cursor: string | undefined;
    do {
      const page = await call(cursor);
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return items;
  }

  async function ledgerFigures(communityId: string) {
    const supply = await client.request(LedgerCommands.supplyGet, { communityId });
    const accounts = await allPages((cursor) =>
      client.request(LedgerCommands.accountList, { communityId, cursor, limit: 200 }),
    );
    const history = await allPages((cursor) =>
      client.request(LedgerCommands.transferHistory, { communityId, cursor, limit: 200 }),
    );
    return {
      supply: supply.supply,
      treasury: supply.treasury,
      journalRows: supply.transfers,
      transfers: history.filter((row) => TRANSFER_KINDS_MOVING_MONEY.includes(row.kind)).length,
      balances: Object.fromEntries(accounts.map((account) => [account.id, account.balance])),
      // Every ticket came from a day's sources and left by its burns; today ends on the ledger's figures.
      flows: { net: supply.supply, supply: supply.supply, treasury: supply.treasury },
    };
  }

  /** The same figures from one replica, asked in-process so the queue group cannot pick another. */
  function replicaFigures(replica: RunningAnalytics, communityId: string) {
    const overview: AnalyticsOverview = replica.app.get(OverviewService).overview(communityId, undefined);
    const balances = replica.app.get(BalancesService);
    const items: AnalyticsBalance[] = [];
    let cursor: string | undefined;
    do {
      const page = balances.list(communityId, cursor, 200);
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return {
      supply: overview.supply,
      treasury: overview.treasury,
      journalRows: overview.journalRows,
      transfers: overview.transfersTotal,
      balances: Object.fromEntries(items.map((item) => [item.accountId, item.balance])),
      flows: flowFigures(replica, communityId),
    };
  }

  function flowFigures(replica: RunningAnalytics, communityId: string) {
    const { days } = replica.app
      .get(FlowsService)
      .flows(communityId, ANALYTICS_LIMITS.flowDaysMax, undefined);
    const today = days.at(-1)!;
    return {
      net: days.reduce((sum, day) => sum + day.emitted + day.rewardsMinted + day.minted - day.burned, 0),
      supply: today.supply,
      treasury: today.treasury,
    };
  }

  /** Wait for the ledger's outbox to reach the stream and the replica to apply it, then compare. */
  async function expectEqualsLedger(replica: () => RunningAnalytics): Promise<void> {
    for (const communityId of COMMUNITIES) {
      const expected = await ledgerFigures(communityId);
      await waitFor(
        async () => {
          const status = await replica().app.get(RebuildService).status();
          return (
            status.lag === 0 && replicaFigures(replica(), communityId).journalRows === expected.journalRows
          );
        },
        { timeoutMs: 30_000 },
      );
      expect(replicaFigures(replica(), communityId)).toEqual(expected);
    }
  }

  it('equals the ledger after random operations, with the analytics restarted mid-stream', async () => {
    await client.request(LedgerCommands.policySet, { communityId: 'ca', taxBps: 500 });
    for (const community of COMMUNITIES) {
      for (const member of MEMBERS) {
        await client.request(LedgerCommands.accountOpen, {
          communityId: community,
          kind: 'user',
          ownerId: member,
        });
      }
    }
    // Three hours of a schedule that started in the past: the ledger catches up on them.
    await client.request(LedgerCommands.policySet, {
      communityId: 'cb',
      emission: {
        mode: 'fixed',
        amount: 10,
        period: 'hour',
        startAt: new Date(Date.now() - 3 * 3_600_000 - 60_000).toISOString(),
      },
    });
    await runOperations(1, OPERATIONS, () => h.restart());
    await expectEqualsLedger(() => h.service);
    const overview = await h.ok<AnalyticsOverview>(AnalyticsCommands.overviewGet.subject, {
      communityId: 'ca',
    });
    expect(overview.transfersTotal).toBeGreaterThan(100);
    expect(overview.taxTotal).toBeGreaterThan(0);
    const status = await client.request(LedgerCommands.emissionStatus, { communityId: 'cb' });
    expect(status.emittedTotal).toBeGreaterThanOrEqual(20);
    const { days } = h.service.app.get(FlowsService).flows('cb', ANALYTICS_LIMITS.flowDaysMax, undefined);
    expect(days.reduce((sum, day) => sum + day.emitted, 0)).toBe(status.emittedTotal);
  });

  it('equals the ledger again after a rebuild', async () => {
    await h.ok(AnalyticsCommands.rebuildStart.subject, {});
    await waitCaughtUp(h);
    await expectEqualsLedger(() => h.service);
  });

  it('counts events delivered twice once', async () => {
    // The first 100 messages again, as new stream messages (as a republish past the duplicate window).
    const jsm = await jetstreamManager(h.nc);
    for (let seq = 1; seq <= 100; seq += 1) {
      const message = await jsm.streams.getMessage(EVENT_STREAM, { seq });
      if (message === null) throw new Error(`stream message ${seq} is missing`);
      await publishRaw(h.nc, message.subject, message.data);
    }
    await waitCaughtUp(h);
    await expectEqualsLedger(() => h.service);
  });

  it('a replica started late catches up and answers the same', async () => {
    await runOperations(2, 60);
    const dataDir = await makeTempDir('analytics-replica-b-');
    const replica = await startAnalyticsReplica(
      {
        ...h.nats.serviceEnv('analytics'),
        DATA_DIR: dataDir,
        HTTP_PORT: '0',
        HTTP_HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        ANALYTICS_REPLICA_ID: 'replica-b',
        ANALYTICS_BATCH_MAX: '50',
      },
      pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    );
    try {
      await expectEqualsLedger(() => replica);
      await expectEqualsLedger(() => h.service);
      const last = await streamLastSeq(h.nc);
      for (const communityId of COMMUNITIES) {
        const at = new Date().toISOString();
        const a = h.service.app.get(OverviewService).overview(communityId, at);
        const b = replica.app.get(OverviewService).overview(communityId, at);
        expect(b).toEqual({ ...a, appliedSeq: expect.any(Number) });
        expect(a.appliedSeq).toBe(last);
      }
    } finally {
      await replica.close();
      await removeDir(dataDir);
    }
  });
});
