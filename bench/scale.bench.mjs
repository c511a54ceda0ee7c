// The ledger scaled out: the same partitioned ledger (LEDGER_PARTITIONS partitions, one data directory) run
// as 1, 2 and 3 replica processes, as `docker compose up --scale ledger=N` runs it, under the same closed
// loop of transfer.create over many communities; then one replica killed to time the failover. The first
// row is the ledger unpartitioned (one process, one partition); every row is a ratio to it. Asserts nothing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closedLoop } from './lib/load.mjs';
import { loadAvg, machine, machineBusy } from './lib/machine.mjs';
import { makeTempDir, startNatsServer, stopTracked } from './lib/proc.mjs';
import { fmt, ms, table } from './lib/report.mjs';
import { connectLoad, makeClient } from './ledger/client.mjs';
import { launchReplicas, timeFailover } from './scale/replicas.mjs';
import { fundCommunities, transferSender } from './scale/communities.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = join(benchDir, '..');
const LEDGER_MAIN = join(root, 'dist', 'services', 'ledger', 'main.js');
const int = (name, fallback) => Number(process.env[name] ?? fallback);

export const description =
  'ledger replicas (1, 2, 3 processes on one data dir): transfers/s across communities, ratio to one replica, failover time';

function settings() {
  return {
    replicaCounts: (process.env.BENCH_SCALE_REPLICAS ?? '1,2,3').split(',').map(Number),
    partitions: int('BENCH_SCALE_PARTITIONS', 12),
    communities: int('BENCH_SCALE_COMMUNITIES', 48),
    concurrency: int('BENCH_SCALE_CONCURRENCY', 64),
    warmupMs: int('BENCH_WARMUP_MS', 1_000),
    durationMs: int('BENCH_DURATION_MS', 5_000),
    leaseTtlMs: int('BENCH_SCALE_LEASE_TTL_MS', 6_000),
  };
}

export async function run() {
  const cfg = settings();
  const startedAt = new Date();
  const log = (line) => process.stderr.write(`[bench] ${line}\n`);
  const results = {
    bench: 'scale',
    startedAt: startedAt.toISOString(),
    machine: machine(),
    settings: cfg,
    loadAvgStart: loadAvg(),
    machineBusyBeforeStart: await machineBusy(1_000),
    rows: [],
  };
  const nats = await startNatsServer();
  const [connection] = await connectLoad(nats, 1);
  const client = makeClient([connection], 10_000);
  try {
    // First the ledger as one process with one partition (no partitioning at all), then the replica counts.
    const runs = [
      { replicaCount: 1, partitions: 1 },
      ...cfg.replicaCounts.map((replicaCount) => ({ replicaCount, partitions: cfg.partitions })),
    ];
    for (const { replicaCount, partitions } of runs) {
      const dataDir = makeTempDir('tk-bench-scale-');
      const logDir = makeTempDir('tk-bench-scale-logs-');
      log(`${replicaCount} replica(s) on ${partitions} partition(s)`);
      const replicas = await launchReplicas({
        count: replicaCount,
        cfg: { ...cfg, partitions },
        nats,
        dataDir,
        logDir,
        ledgerMain: LEDGER_MAIN,
        root,
      });
      try {
        const tag = `r${replicaCount}p${partitions}`;
        const accounts = await fundCommunities(client, cfg.communities, tag);
        const loop = await closedLoop({
          concurrency: cfg.concurrency,
          warmupMs: cfg.warmupMs,
          durationMs: cfg.durationMs,
          send: transferSender(connection, accounts, `${tag}-${startedAt.getTime().toString(36)}`),
          pids: Object.fromEntries(replicas.map((replica, i) => [`ledger${i + 1}`, replica.proc.pid])),
        });
        const failoverMs = replicaCount > 1 ? await timeFailover(replicas, partitions) : null;
        results.rows.push({ replicas: replicaCount, partitions, ...loop, failoverMs });
        log(
          `${fmt(loop.unitsPerSec)} transfers/s; failover ${failoverMs === null ? '-' : `${fmt(failoverMs)} ms`}`,
        );
      } finally {
        await Promise.all(replicas.map((replica) => stopTracked(replica.proc, 10_000)));
      }
    }
  } finally {
    await connection.close();
    await stopTracked(nats, 5_000);
  }
  results.loadAvgEnd = loadAvg();
  const outDir = join(benchDir, 'results');
  mkdirSync(outDir, { recursive: true });
  const outPath = join(outDir, `scale-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(outPath, JSON.stringify(results, null, 2) + '\n');

  const base = results.rows[0]?.unitsPerSec;
  const lines = [
    `scale bench ${results.startedAt}: ${cfg.partitions} partitions, ${cfg.communities} communities, concurrency ${cfg.concurrency}`,
    `machine: ${results.machine.nproc} cores, node ${process.version}; load ${results.loadAvgStart} -> ${results.loadAvgEnd}, busy before start ${fmt(results.machineBusyBeforeStart)}% of one core`,
    '',
    table([
      ['replicas', 'partitions', 'transfers/s', 'x first row', 'p50 ms', 'p99 ms', 'errors', 'failover ms'],
      ...results.rows.map((row) => [
        String(row.replicas),
        String(row.partitions),
        fmt(row.unitsPerSec),
        base ? fmt(row.unitsPerSec / base, 2) : '-',
        ms(row.latencyMs.p50),
        ms(row.latencyMs.p99),
        String(Object.values(row.errors).reduce((sum, n) => sum + n, 0)),
        row.failoverMs === null ? '-' : fmt(row.failoverMs),
      ]),
    ]),
    '',
    `results written to ${outPath}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
