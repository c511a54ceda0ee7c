// The ledger bench's settings, all from the environment (docs/benchmarks.md lists them), and the
// subjects it sends to.
import { envInt, envList } from '../lib/env.mjs';
import { join } from 'node:path';

export const SUBJECTS = {
  echo: 'bench.echo',
  accountOpen: 'tk.cmd.ledger.account.open',
  mint: 'tk.cmd.ledger.supply.mint',
  transfer: 'tk.cmd.ledger.transfer.create',
  batch: 'tk.cmd.ledger.transfer.batch',
  verify: 'tk.cmd.ledger.journal.verify',
};

const PHASES = ['echo', 'single', 'batch', 'fixed', 'rebuild'];
/** Journal replication settings: 1 = one nats-server, 3 = a local cluster of three (the journal at R3). */
const REPLICATIONS = [1, 3];

export function settings() {
  const phases = new Set((process.env.BENCH_PHASES ?? PHASES.join(',')).split(',').map((p) => p.trim()));
  for (const phase of phases) {
    if (!PHASES.includes(phase)) {
      throw new Error(`BENCH_PHASES: unknown phase ${phase}; use ${PHASES.join(', ')}`);
    }
  }
  const replication = envList('BENCH_REPLICATION', REPLICATIONS);
  for (const replicas of replication) {
    if (!REPLICATIONS.includes(replicas)) throw new Error(`BENCH_REPLICATION: ${replicas}; use 1, 3 or 1,3`);
  }
  return {
    replication,
    rebuildEntries: envInt('BENCH_REBUILD_ENTRIES', 1_000_000),
    durationMs: envInt('BENCH_DURATION_MS', 5_000),
    warmupMs: envInt('BENCH_WARMUP_MS', 1_000),
    concurrency: envList('BENCH_CONCURRENCY', [1, 16, 64, 256]),
    batchSizes: envList('BENCH_BATCH_SIZES', [100, 1000]),
    batchConcurrency: envList('BENCH_BATCH_CONCURRENCY', [1, 4, 16]),
    fixedRate: envInt('BENCH_FIXED_RATE', 2_000),
    accounts: envInt('BENCH_ACCOUNTS', 32),
    connections: Math.max(1, envInt('BENCH_CONNECTIONS', 1)),
    requestTimeoutMs: envInt('BENCH_REQUEST_TIMEOUT_MS', 30_000),
    eventsDrainTimeoutMs: envInt('BENCH_EVENTS_DRAIN_TIMEOUT_MS', 60_000),
    cpuProfDir: process.env.BENCH_CPU_PROF ? join(process.cwd(), process.env.BENCH_CPU_PROF) : null,
    ledgerEnv: {
      // Extra LEDGER_* settings are passed through (LEDGER_SYNCHRONOUS, LEDGER_COMMIT_GROUP_MAX, ...).
      ...Object.fromEntries(Object.entries(process.env).filter(([key]) => key.startsWith('LEDGER_'))),
    },
    phases,
  };
}

/** The phases that need the ledger running (echo alone does not). */
export function needsLedger(phases) {
  return ['single', 'batch', 'fixed', 'rebuild'].some((phase) => phases.has(phase));
}
