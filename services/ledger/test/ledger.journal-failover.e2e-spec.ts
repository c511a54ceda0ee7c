import {
  makeTempDir,
  removeDir,
  startNatsServer,
  waitFor,
  type NatsServerHarness,
} from '@ticketonomics/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import { rm } from 'node:fs/promises';
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
 * Replicas that share no disk: each its own data directory, as on separate machines. The partitions'
 * state reaches another replica only through the replicated journal. Under a steady stream of payments,
 * the replica serving the partitions is killed and its data directory deleted; the other takes them over
 * from the journal alone. A replica paused past its leases, then resumed, has its next group refused by
 * the broker and acknowledges nothing. Afterwards every acknowledged payment is there, once, balances
 * match them, the journal verifies and each community sums to zero.
 */
const PARTITIONS = 2;
const LEASE_TTL_MS = 2_000;
const COMMUNITIES = ['far-a', 'far-b', 'far-c', 'far-d'];
const MEMBERS = 3;
const INITIAL = 10_000;
const CLIENTS = 6;
const LOAD_MS = 9_000;
const RETRY_FOR_MS = 30_000;

const ENV = {
  LEDGER_PARTITIONS: String(PARTITIONS),
  LEDGER_LEASE_TTL_MS: String(LEASE_TTL_MS),
  LEDGER_OWNER_WAIT_MS: '8000',
  LEDGER_OWNER_TIMEOUT_MS: '4000',
};

describe('ledger replicas on separate disks, kept in step by the replicated journal', () => {
  let nats: NatsServerHarness;
  let logDir: string;
  let client: WireClient;
  let nc: NatsConnection;
  const dataDirs: string[] = [];
  const replicas: LedgerProcess[] = [];

  const spawn = async (label: string, env: Record<string, string> = {}, waitReady = true) => {
    const dataDir = await makeTempDir(`tk-ledger-far-${label}-`);
    dataDirs.push(dataDir);
    const replica = await spawnLedger({
      nats,
      dataDir,
      logDir,
      label,
      env: { ...ENV, LEDGER_REPLICA_ID: label, ...env },
      waitReady,
    });
    replicas.push(replica);
    return { replica, dataDir };
  };
  const served = async (replica: LedgerProcess) =>
    replica.proc.running ? ((await readMetric(replica, 'ledger_partitions_served').catch(() => 0)) ?? 0) : 0;

  beforeAll(async () => {
    nats = await startNatsServer();
    logDir = await makeTempDir('tk-ledger-far-logs-');
    nc = await nats.connect();
    client = new WireClient(nc);
  }, 60_000);

  afterAll(async () => {
    for (const replica of replicas) await replica.proc.stop().catch(() => undefined);
    await nc?.close();
    await nats?.dispose();
    for (const dir of [...dataDirs, logDir]) if (dir !== undefined) await removeDir(dir);
  });

  it('loses nothing acknowledged when the owner dies with its disk, and a paused owner commits nothing', async () => {
    const first = await spawn('a');
    await waitFor(async () => (await served(first.replica)) === PARTITIONS, {
      timeoutMs: 20_000,
      description: 'replica a serving both partitions',
    });
    const members = await seedMembers(client, COMMUNITIES, MEMBERS, INITIAL);
    const second = await spawn('b');

    const load = payUnderLoad({
      client,
      members,
      clients: CLIENTS,
      durationMs: LOAD_MS,
      idPrefix: 'far',
      retryForMs: RETRY_FOR_MS,
    });

    // The first owner dies with its disk: b has only the journal to go on.
    await sleep(2_000);
    await first.replica.proc.kill('SIGKILL');
    await rm(first.dataDir, { recursive: true, force: true });
    await waitFor(async () => (await served(second.replica)) === PARTITIONS, {
      timeoutMs: 20_000,
      intervalMs: 100,
      description: 'replica b serving both partitions from the journal',
    });

    // b paused past its leases while c, on a fresh disk, takes over; resumed, b must commit nothing.
    const third = await spawn('c');
    process.kill(second.replica.proc.pid, 'SIGSTOP');
    await waitFor(async () => (await served(third.replica)) === PARTITIONS, {
      timeoutMs: 20_000,
      intervalMs: 100,
      description: 'replica c serving both partitions while b is paused',
    });
    process.kill(second.replica.proc.pid, 'SIGCONT');
    const { acknowledged, refused } = await load;

    expect(refused).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(100);
    await expectBooksMatch(client, acknowledged, members, INITIAL);
    // The resumed replica found its partitions gone: its lease lost, or its next group refused by NATS.
    expect(second.replica.proc.logs().join('\n')).toMatch(
      /partition lease (lost|not renewable)|another replica appended to this partition's journal/,
    );
    process.stdout.write(
      `ledger on separate disks: ${acknowledged.length} payments acknowledged across a dead owner's lost disk and a paused owner\n`,
    );
  }, 120_000);

  it('refuses a replica on another disk started with another partition count: the journal keeps the count', async () => {
    // The journal was written with PARTITIONS by the test above; this replica's disk knows nothing of it.
    const { replica } = await spawn('d', { LEDGER_PARTITIONS: String(PARTITIONS + 1) }, false);
    const exit = await replica.proc.exited;
    expect(exit.code).toBe(1);
    expect(replica.proc.logs().join('\n')).toContain(
      `the ledger's replicated journal was written with ${PARTITIONS} partitions and this replica has ${PARTITIONS + 1}; start every replica with LEDGER_PARTITIONS=${PARTITIONS}`,
    );
  }, 30_000);
});
