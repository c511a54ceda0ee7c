import {
  makeTempDir,
  removeDir,
  startNatsServer,
  waitFor,
  type NatsServerHarness,
} from '@ticketonomics/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  expectBooksMatch,
  payUnderLoad,
  readMetric,
  seedMembers,
  sleep,
  spawnLedger,
  WireClient,
  type LedgerProcess,
} from './support/faults.support';

/**
 * `docker compose up --scale ledger=3` as local processes: three replicas with the same environment on one
 * data directory and one NATS, each with its own LEDGER_REPLICA_ID as each container has its own host name,
 * the communities spread over six partitions. Under a steady stream of
 * payments (each retried with its id until answered, as callers should), one replica is killed, another
 * is paused past its leases (then resumed: it must never write again), and a fresh one joins. Afterwards
 * every acknowledged payment is in the journal once, balances match them, and the journal verifies.
 */
const PARTITIONS = 6;
const LEASE_TTL_MS = 2_000;
const COMMUNITIES = Array.from({ length: 12 }, (_, i) => `rep${String(i).padStart(2, '0')}`);
const MEMBERS = 4;
const INITIAL = 10_000;
const CLIENTS = 8;
const LOAD_MS = 14_000;
const RETRY_FOR_MS = 30_000;

const ENV = {
  LEDGER_PARTITIONS: String(PARTITIONS),
  LEDGER_LEASE_TTL_MS: String(LEASE_TTL_MS),
  LEDGER_OWNER_WAIT_MS: '8000',
  LEDGER_OWNER_TIMEOUT_MS: '4000',
};

describe('ledger replicas sharing one volume, with replicas killed, paused and added', () => {
  let nats: NatsServerHarness;
  let dataDir: string;
  let logDir: string;
  let client: WireClient;
  let nc: NatsConnection;
  const replicas: LedgerProcess[] = [];

  beforeAll(async () => {
    nats = await startNatsServer();
    dataDir = await makeTempDir('tk-ledger-replicas-');
    logDir = await makeTempDir('tk-ledger-replicas-logs-');
    for (const label of ['a', 'b', 'c']) {
      replicas.push(
        await spawnLedger({ nats, dataDir, logDir, label, env: { ...ENV, LEDGER_REPLICA_ID: label } }),
      );
    }
    nc = await nats.connect();
    client = new WireClient(nc);
  }, 90_000);

  afterAll(async () => {
    for (const replica of replicas) {
      await replica.proc.stop().catch(() => undefined);
    }
    await nc?.close();
    await nats?.dispose();
    await removeDir(dataDir);
    await removeDir(logDir);
  });

  async function servedBy(replica: LedgerProcess): Promise<number> {
    if (!replica.proc.running) return 0;
    return (await readMetric(replica, 'ledger_partitions_served').catch(() => undefined)) ?? -1;
  }

  async function servedByEach(live: LedgerProcess[]): Promise<number[]> {
    return Promise.all(live.map(servedBy));
  }

  it('spreads the partitions evenly over the replicas', async () => {
    await waitFor(async () => (await servedByEach(replicas)).every((n) => n === PARTITIONS / 3), {
      timeoutMs: 20_000,
      description: 'two partitions on each of three replicas',
    });
  });

  it('loses and doubles nothing while replicas die, pause past their leases and join', async () => {
    const members = await seedMembers(client, COMMUNITIES, MEMBERS, INITIAL);
    const load = payUnderLoad({
      client,
      members,
      clients: CLIENTS,
      durationMs: LOAD_MS,
      idPrefix: 'rep',
      retryForMs: RETRY_FOR_MS,
    });

    const [a, b, c] = replicas as [LedgerProcess, LedgerProcess, LedgerProcess];
    await sleep(2_000);
    const killedAt = Date.now();
    await b.proc.kill('SIGKILL');
    await waitFor(async () => (await servedByEach([a, c])).reduce((sum, n) => sum + n, 0) === PARTITIONS, {
      timeoutMs: 20_000,
      intervalMs: 100,
      description: 'the killed replica’s partitions served again',
    });
    const failoverMs = Date.now() - killedAt;

    // Paused longer than its leases live: the others take its partitions; resumed, it finds them gone.
    process.kill(c.proc.pid, 'SIGSTOP');
    await sleep(LEASE_TTL_MS * 2);
    replicas.push(
      await spawnLedger({ nats, dataDir, logDir, label: 'd', env: { ...ENV, LEDGER_REPLICA_ID: 'd' } }),
    );
    process.kill(c.proc.pid, 'SIGCONT');
    const { acknowledged, refused } = await load;

    const live = [a, c, replicas[3]!];
    await waitFor(async () => (await servedByEach(live)).every((n) => n === PARTITIONS / 3), {
      timeoutMs: 20_000,
      description: 'two partitions on each of the three live replicas',
    });

    expect(refused).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(100);
    const report = await expectBooksMatch(client, acknowledged, members, INITIAL);
    expect(report.sumByCommunity.map((row) => row.communityId).sort()).toEqual([...COMMUNITIES].sort());

    // The paused replica noticed it had lost its partitions and gave them up.
    expect(c.proc.logs().join('\n')).toMatch(/partition lease (lost|not renewable)/);
    process.stdout.write(
      `ledger replicas: ${acknowledged.length} payments acknowledged; partitions served again ${failoverMs} ms after a replica was killed (lease ttl ${LEASE_TTL_MS} ms)\n`,
    );
  }, 120_000);
});
