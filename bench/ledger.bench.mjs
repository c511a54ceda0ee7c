// The ledger benchmark: a bare NATS echo responder as the baseline, then the built ledger service
// (dist/services/ledger/main.js) under single-transfer, batch and fixed-rate load, its memory, and a
// journal.verify at the end. Measures and reports; asserts nothing.
//
// The parts: ledger/settings.mjs (BENCH_* settings), ledger/client.mjs (load connections and transfer
// bodies), ledger/phases/ (one module per phase), ledger/ledger-phases.mjs (the ledger's lifetime around
// its phases), ledger/targets.mjs and ledger/report.mjs (what is printed); bench/lib holds what any bench
// can use (load loops, processes, tables, the machine).
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAvg, machine, machineBusy } from './lib/machine.mjs';
import { startNatsCluster } from './lib/nats-cluster.mjs';
import { makeTempDir, startNatsServer, stopTracked } from './lib/proc.mjs';
import { connectLoad, makeClient, makeTransfers } from './ledger/client.mjs';
import { runLedgerPhases } from './ledger/ledger-phases.mjs';
import { runEchoPhase } from './ledger/phases/echo.mjs';
import { formatReport } from './ledger/report.mjs';
import { needsLedger, settings } from './ledger/settings.mjs';
import { errorsByPhase, evaluateTargets } from './ledger/targets.mjs';
import { writeResults } from './lib/results.mjs';

export { formatReport };

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = join(benchDir, '..');
const LEDGER_MAIN = join(root, 'dist', 'services', 'ledger', 'main.js');
/** How long the machine's own load is sampled before the bench starts anything. */
const MACHINE_BUSY_SAMPLE_MS = 1_000;
const NATS_STOP_GRACE_MS = 5_000;

export const description =
  'NATS echo baseline vs ledger transfer.create / transfer.batch / fixed-rate latency, memory, journal.verify, rebuild from the journal; R1 and R3';

/** The results as the JSON file holds them: what is shared, then one run per replication setting. */
async function newResults(cfg, startedAt) {
  return {
    bench: 'ledger',
    startedAt: startedAt.toISOString(),
    machine: machine(),
    settings: {
      ...cfg,
      phases: [...cfg.phases],
      ledgerSynchronous: cfg.ledgerEnv.LEDGER_SYNCHRONOUS ?? 'FULL (default)',
    },
    loadGenerator: `${cfg.connections} NATS client connection(s) in the bench process, shared by all requester loops`,
    runs: [],
    loadAvgStart: loadAvg(),
    machineBusyBeforeStart: await machineBusy(MACHINE_BUSY_SAMPLE_MS),
  };
}

/** One replication setting's figures; the phases fill them in. */
function newRun(replicas) {
  return {
    replicas,
    replicationLabel:
      replicas === 1
        ? 'R1: one nats-server, the journal and events stored once'
        : `R${replicas}: a local cluster of ${replicas} nats-servers, the journal and events replicated to ${replicas}`,
    echo: [],
    single: [],
    batch: [],
    fixed: null,
    memory: null,
    verify: null,
    rebuild: null,
    errors: {},
  };
}

async function startNats(replicas) {
  if (replicas > 1) return await startNatsCluster({ nodes: replicas });
  const nats = await startNatsServer();
  return { ...nats, replicas: 1, stop: () => stopTracked(nats, NATS_STOP_GRACE_MS) };
}

/** Every phase against a fresh NATS of this replication: the echo baseline first, then the ledger. */
async function runReplication(cfg, base, replicas) {
  const { log } = base;
  const run = newRun(replicas);
  log(`${run.replicationLabel}: starting`);
  const nats = await startNats(replicas);
  log(`NATS on ${nats.url} (pid ${nats.pid})`);
  const connections = await connectLoad(nats, cfg.connections);
  const ctx = {
    ...base,
    nats,
    connections,
    client: makeClient(connections, cfg.requestTimeoutMs),
    logDir: makeTempDir(`tk-bench-logs-r${replicas}-`),
  };
  try {
    if (cfg.phases.has('echo')) run.echo = await runEchoPhase(ctx);
    if (needsLedger(cfg.phases)) await runLedgerPhases(ctx, run);
  } finally {
    for (const nc of connections) await nc.close().catch(() => undefined);
    await nats.stop();
  }
  run.errors = errorsByPhase(run);
  run.targets = evaluateTargets(run);
  return run;
}

export async function run() {
  const cfg = settings();
  const startedAt = new Date();
  const runId = startedAt.getTime().toString(36);
  const log = (line) => process.stderr.write(`[bench] ${line}\n`);
  const results = await newResults(cfg, startedAt);

  if (!existsSync(LEDGER_MAIN))
    throw new Error(`${relative(root, LEDGER_MAIN)} is missing: run npm run build first`);

  const base = {
    cfg,
    log,
    runId,
    root,
    benchDir,
    ledgerMain: LEDGER_MAIN,
    // One sequence of transfer bodies for the whole run: the echo phase sends them too.
    transfers: makeTransfers(cfg.accounts, runId),
  };
  for (const replicas of cfg.replication) {
    results.runs.push(await runReplication(cfg, base, replicas));
  }

  results.finishedAt = new Date().toISOString();
  results.loadAvgEnd = loadAvg();

  process.stdout.write(formatReport(results) + '\n');
  const outPath = writeResults('ledger', results, startedAt);
  process.stdout.write(`\nresults written to ${relative(process.cwd(), outPath)}\n`);
  return 0;
}
