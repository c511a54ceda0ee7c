import type { EmissionStatus, VerifyReport } from '@ticketonomics/contracts';
import {
  makeTempDir,
  removeDir,
  startNatsServer,
  waitFor,
  type NatsServerHarness,
} from '@ticketonomics/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import { periodIndexAt } from '../src/emission/emission-period';
import { journalRows, S, sleep, spawnLedger, WireClient, type LedgerProcess } from './support/faults.support';

/**
 * Two ledger processes on one data directory are both candidates to run every partition's emission
 * schedule; only the partition's owner does. Each community's schedule starts 22 hours back, so 20
 * periods (the catch-up bound) are due at once and two are skipped. The replica applying them is
 * SIGKILLed mid-way and comes back: the other takes its partitions over, and afterwards every period was
 * minted exactly once, on whichever replica, and the journal verifies.
 */
const HOUR_MS = 3_600_000;
const AMOUNT = 700;
const CATCH_UP = 20;
const BACK = 22;
const COMMUNITIES = Array.from({ length: 16 }, (_, i) => `emrep${i}`);
const ENV = {
  LEDGER_PARTITIONS: '2',
  LEDGER_LEASE_TTL_MS: '2000',
  LEDGER_OWNER_WAIT_MS: '8000',
  LEDGER_EMISSION_TICK_MS: '50',
  LEDGER_EMISSION_CATCH_UP_MAX: String(CATCH_UP),
};

describe('emission exactly once with two ledger replicas and a kill', () => {
  let nats: NatsServerHarness;
  let dataDir: string;
  let logDir: string;
  let nc: NatsConnection;
  let client: WireClient;
  const replicas: LedgerProcess[] = [];

  beforeAll(async () => {
    nats = await startNatsServer();
    dataDir = await makeTempDir('tk-ledger-emission-');
    logDir = await makeTempDir('tk-ledger-emission-logs-');
    for (const label of ['a', 'b']) {
      replicas.push(
        await spawnLedger({ nats, dataDir, logDir, label, env: { ...ENV, LEDGER_REPLICA_ID: label } }),
      );
    }
    nc = await nats.connect();
    client = new WireClient(nc);
  }, 90_000);

  afterAll(async () => {
    for (const replica of replicas) await replica.proc.stop().catch(() => undefined);
    await nc?.close();
    await nats?.dispose();
    await removeDir(dataDir);
    await removeDir(logDir);
  });

  it('mints each due period once while the scheduling replica dies and the partition moves', async () => {
    const startAt = new Date((periodIndexAt('hour', Date.now()) - BACK) * HOUR_MS).toISOString();
    for (const communityId of COMMUNITIES) {
      await client.ok(S('account.open'), { communityId, kind: 'treasury' });
    }
    for (const communityId of COMMUNITIES) {
      await client.ok(S('policy.set'), {
        communityId,
        emission: { mode: 'fixed', amount: AMOUNT, period: 'hour', startAt },
      });
    }
    const statuses = async () =>
      Promise.all(
        COMMUNITIES.map((communityId) =>
          client
            .call<EmissionStatus>(S('emission.status'), { communityId })
            .then((r) => (r.ok ? r.data : null)),
        ),
      );
    // Kill the first replica while periods are being applied, then bring it back.
    const beforeKill = await statuses();
    await replicas[0]!.proc.kill('SIGKILL');
    await sleep(3_000);
    replicas[0] = await spawnLedger({
      nats,
      dataDir,
      logDir,
      label: 'a2',
      env: { ...ENV, LEDGER_REPLICA_ID: 'a' },
    });

    await waitFor(
      async () => (await statuses()).every((s) => s !== null && s.periodsApplied + s.periodsSkipped >= BACK),
      { timeoutMs: 30_000, intervalMs: 200, description: 'every community caught up' },
    );
    await sleep(1_000);
    const midway = beforeKill.filter((s) => s === null || s.periodsApplied < CATCH_UP).length;
    console.log(
      `communities not yet caught up when the replica was killed: ${midway} of ${COMMUNITIES.length}`,
    );
    for (const [i, status] of (await statuses()).entries()) {
      const communityId = COMMUNITIES[i]!;
      // The hour may have turned during the test: one more period is then due and applied.
      expect(status!.periodsApplied).toBeGreaterThanOrEqual(CATCH_UP);
      expect(status!.emittedTotal).toBe(status!.periodsApplied * AMOUNT);
      const mints = (await journalRows(client, communityId)).filter((t) => t.id.startsWith('emission/'));
      expect(mints).toHaveLength(status!.periodsApplied);
      expect(new Set(mints.map((t) => t.id.split('/')[2])).size).toBe(mints.length);
      const treasury = await client.ok<{ balance: number }>(S('balance.get'), {
        accountId: `treasury:${communityId}`,
      });
      expect(treasury.balance).toBe(status!.periodsApplied * AMOUNT);
    }
    const report = await client.ok<VerifyReport>(S('journal.verify'), {});
    expect(report.ok).toBe(true);
    expect(report.sumByCommunity.every((row) => row.sum === 0)).toBe(true);
  }, 90_000);
});
