import {
  AnalyticsCommands,
  LedgerCommands,
  type AnalyticsOverview,
  type AnalyticsStatus,
} from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import {
  makeTempDir,
  removeDir,
  spawnBackendService,
  startNatsServer,
  waitFor,
  type BackendService,
  type NatsServerHarness,
  readMetric,
} from '@ticketonomics/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { StreamConsumer } from '../src/consumer/stream.consumer';
import { RebuildService } from '../src/rebuild/rebuild.service';
import { startAnalyticsReplica, streamLastSeq } from './support/analytics.harness';

/**
 * Analytics replicas as the operator scales them (`--scale analytics=N`): processes with the same
 * environment on one data directory, each taking a store slot and its file, against the real ledger (built,
 * run as a process). A replica killed frees its slot when its lease expires, one stopped frees it at once;
 * the replica started next takes it and carries on from that file. Needs `npm run build` first.
 */
const SLOT_TTL_MS = 2_000;
const COMMUNITY = 'slots';
const MEMBERS = ['u1', 'u2', 'u3', 'u4'];

describe('analytics replicas on one data directory', () => {
  let nats: NatsServerHarness;
  let dataDir: string;
  let ledger: BackendService;
  let nc: NatsConnection;
  let client: CommandClient;
  const replicas: BackendService[] = [];
  let operations = 0;

  const analyticsDir = () => join(dataDir, 'analytics');

  async function startReplica(): Promise<BackendService> {
    const replica = await spawnBackendService({
      name: 'analytics',
      nats,
      dataDir,
      env: { ANALYTICS_SLOT_TTL_MS: String(SLOT_TTL_MS), ANALYTICS_BATCH_MAX: '20' },
    });
    replicas.push(replica);
    return replica;
  }

  beforeAll(async () => {
    nats = await startNatsServer();
    dataDir = await makeTempDir('analytics-slots-');
    ledger = await spawnBackendService({ name: 'ledger', nats, dataDir });
    nc = await nats.connect();
    client = new CommandClient(nc, { timeoutMs: 10_000 });
    for (const member of MEMBERS) {
      await client.request(LedgerCommands.accountOpen, {
        communityId: COMMUNITY,
        kind: 'user',
        ownerId: member,
      });
    }
  });

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.process.stop()));
    await ledger?.process.stop();
    await nc?.close();
    await nats?.dispose();
    if (dataDir !== undefined) await removeDir(dataDir);
  });

  /** Mints and payments among the members: journal rows for the replicas to follow. */
  async function work(count: number): Promise<void> {
    for (let i = 0; i < count; i += 1) {
      operations += 1;
      const member = MEMBERS[operations % MEMBERS.length];
      const other = MEMBERS[(operations + 1) % MEMBERS.length];
      await client.request(LedgerCommands.supplyMint, {
        id: `mint-${operations}`,
        accountId: `user:${COMMUNITY}:${member}`,
        amount: 10 + (operations % 7),
      });
      await client.request(LedgerCommands.transferCreate, {
        id: `pay-${operations}`,
        debitAccountId: `user:${COMMUNITY}:${member}`,
        creditAccountId: `user:${COMMUNITY}:${other}`,
        amount: 1 + (operations % 5),
        code: 'payment',
      });
    }
  }

  /** A Prometheus sample of one replica process (samples carry the default `service` label). */
  async function metric(replica: BackendService, name: string): Promise<number> {
    const value = await readMetric(replica, name);
    if (value === undefined) throw new Error(`${name} is not in the metrics`);
    return value;
  }

  async function waitAllCaughtUp(live: BackendService[]): Promise<void> {
    // The ledger's outbox reaches the stream shortly after each command: wait for the journal first.
    const { transfers } = await client.request(LedgerCommands.supplyGet, { communityId: COMMUNITY });
    await waitFor(
      async () => {
        const overview = await client.request(AnalyticsCommands.overviewGet, { communityId: COMMUNITY });
        return overview.journalRows >= transfers;
      },
      { timeoutMs: 20_000, description: 'the ledger events in the stream' },
    );
    const last = await streamLastSeq(nc);
    await waitFor(
      async () => {
        for (const replica of live) {
          if ((await metric(replica, 'analytics_applied_seq')) < last) return false;
        }
        return true;
      },
      { timeoutMs: 30_000, description: `every replica at stream seq ${last}` },
    );
  }

  /** Every answer, whichever replica the queue group picks, equals the ledger; all the replicas answer. */
  async function expectAllAgreeWithLedger(replicaCount: number): Promise<Set<string>> {
    const ledgerSupply = await client.request(LedgerCommands.supplyGet, { communityId: COMMUNITY });
    const answeredBy = new Set<string>();
    for (let ask = 0; ask < 40 && answeredBy.size < replicaCount; ask += 1) {
      const status: AnalyticsStatus = await client.request(AnalyticsCommands.statusGet, {});
      answeredBy.add(status.replicaId);
    }
    expect(answeredBy.size).toBe(replicaCount);
    for (let ask = 0; ask < 20; ask += 1) {
      const overview: AnalyticsOverview = await client.request(AnalyticsCommands.overviewGet, {
        communityId: COMMUNITY,
      });
      expect({
        supply: overview.supply,
        treasury: overview.treasury,
        journalRows: overview.journalRows,
      }).toEqual({
        supply: ledgerSupply.supply,
        treasury: ledgerSupply.treasury,
        journalRows: ledgerSupply.transfers,
      });
    }
    return answeredBy;
  }

  const storeFiles = () =>
    readdirSync(analyticsDir())
      .filter((file) => file.endsWith('.sqlite'))
      .sort();

  it('gives each replica a slot and its own file; a replacement takes the freed slot and resumes its file', async () => {
    const first = await startReplica();
    const second = await startReplica();
    await work(40);
    await waitAllCaughtUp([first, second]);
    expect(storeFiles()).toEqual(['analytics-s0.sqlite', 'analytics-s1.sqlite']);
    const ids = [...(await expectAllAgreeWithLedger(2))].sort();
    expect(ids.map((id) => id.slice(-3))).toEqual(['-s0', '-s1']);

    // The first replica (slot s0) dies; the ledger goes on, and a replacement waits out the lease.
    await first.process.kill('SIGKILL');
    replicas.splice(replicas.indexOf(first), 1);
    await work(10);
    const appliedBefore = await streamLastSeq(nc);
    const replacement = await startReplica();
    await work(10);
    await waitAllCaughtUp([second, replacement]);
    expect(storeFiles()).toEqual(['analytics-s0.sqlite', 'analytics-s1.sqlite']);
    expect(new Set([...(await expectAllAgreeWithLedger(2))].map((id) => id.slice(-3)))).toEqual(
      new Set(['-s0', '-s1']),
    );
    // It carried on from the file the dead replica left, not from the stream's first event.
    const appliedSinceStart = await metric(replacement, 'analytics_events_applied_total');
    expect(appliedSinceStart).toBeLessThan(appliedBefore / 2);
    expect(appliedSinceStart).toBeGreaterThan(0);

    // Stopped cleanly, a replica frees its slot at once: the next one takes it without waiting out a lease.
    await second.process.stop();
    replicas.splice(replicas.indexOf(second), 1);
    const third = await startReplica();
    await work(5);
    await waitAllCaughtUp([replacement, third]);
    expect(storeFiles()).toEqual(['analytics-s0.sqlite', 'analytics-s1.sqlite']);
    await expectAllAgreeWithLedger(2);
  });

  it('a second replica claiming the same file fences the first out: its writes are refused', async () => {
    const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
    const env = {
      ...nats.serviceEnv('analytics'),
      DATA_DIR: join(dataDir, 'fenced'),
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      ANALYTICS_REPLICA_ID: 'twin',
      ANALYTICS_RETRY_MS: '50',
    };
    const older = await startAnalyticsReplica(env, logger);
    const newer = await startAnalyticsReplica(env, logger);
    try {
      await work(3);
      const olderConsumer = older.app.get(StreamConsumer);
      await waitFor(() => olderConsumer.counters.failures > 0, {
        timeoutMs: 10_000,
        description: 'the older replica refused by the fence',
      });
      const last = await streamLastSeq(nc);
      // The newer one owns the file now and follows the stream to its end.
      const status = await waitFor(
        async () => {
          const current = await newer.app.get(RebuildService).status();
          return current.appliedSeq >= last ? current : undefined;
        },
        { timeoutMs: 10_000, description: 'the newer replica at the stream end' },
      );
      expect(status.replicaId).toBe('twin');
      expect(newer.app.get(StreamConsumer).counters.failures).toBe(0);
      expect(readdirSync(join(dataDir, 'fenced')).filter((file) => file.endsWith('.sqlite'))).toEqual([
        'analytics-twin.sqlite',
      ]);
    } finally {
      await older.close();
      await newer.close();
    }
  });
});
