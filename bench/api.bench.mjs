// The HTTP API bench: a bare HTTP responder on the gateway's own stack (NestJS on Express) as the HTTP
// baseline, transfer.create over NATS straight to the ledger as the write baseline, then the built
// services (ledger, accounts, analytics, api-gateway from dist/) under POST transfers with an
// Idempotency-Key, balance and leaderboard reads, and the public dashboard's JSON reads and live feeds
// while the ledger takes a fixed rate of transfers. Measures and reports; asserts nothing.
//
// The parts: api/settings.mjs (BENCH_* settings), api/stack.mjs (the service processes), api/setup.mjs
// (communities, members, keys), api/senders.mjs and api/http-client.mjs (what the loops send),
// api/feed-client.mjs (the live feeds), api/phases/ (one module per phase), api/targets.mjs and
// api/report.mjs (what is printed); bench/lib holds what any bench can use.
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAvg, machine, machineBusy } from './lib/machine.mjs';
import { makeTempDir, startNatsServer, stopTracked } from './lib/proc.mjs';
import { summarizeProfile } from './profile-summary.mjs';
import { connectLoad, makeClient } from './ledger/client.mjs';
import { runFeedPhase } from './api/phases/feed.mjs';
import { runHttpBaseline } from './api/phases/http-baseline.mjs';
import { runReadPhase } from './api/phases/reads.mjs';
import { runTransferPhase } from './api/phases/transfers.mjs';
import { formatReport } from './api/report.mjs';
import { settings } from './api/settings.mjs';
import { setUpEconomy } from './api/setup.mjs';
import { newestProfile, startStack } from './api/stack.mjs';
import { evaluateTargets } from './api/targets.mjs';
import { writeResults } from './lib/results.mjs';

export { formatReport };

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = join(benchDir, '..');
const GATEWAY_MAIN = join(root, 'dist', 'services', 'api-gateway', 'main.js');
const MACHINE_BUSY_SAMPLE_MS = 1_000;
const NATS_STOP_GRACE_MS = 5_000;
/** Load connections to NATS: the direct transfers and the write load share them round-robin. */
const NATS_LOAD_CONNECTIONS = 2;
/** Feed slots kept above the bench's own feeds, so a reconnect never meets a full gateway. */
const FEED_SLOTS_SPARE = 100;
const PROFILE_TOP_FUNCTIONS = 30;

export const description =
  'bare HTTP responder vs API POST transfers (and transfer.create over NATS), balance/leaderboard reads, public dashboard reads and 1,000 live feeds at 2,000 transfers/s';

/**
 * What the gateway gets besides the operator's API_* / DASHBOARD_* settings: every client of the bench is
 * one TCP peer, so the gateway trusts one proxy hop and each simulated browser sends its own
 * X-Forwarded-For (the per-address limits then apply as to real visitors), and the per-replica feed cap
 * is raised to hold the bench's feeds.
 */
function gatewayEnv(cfg) {
  return {
    TRUST_PROXY_HOPS: '1',
    DASHBOARD_FEED_CLIENTS_MAX: String(Math.max(500, cfg.feedConnections + FEED_SLOTS_SPARE)),
    ...cfg.gatewayEnv,
  };
}

export async function run() {
  const cfg = settings();
  if (!existsSync(GATEWAY_MAIN))
    throw new Error(`${relative(root, GATEWAY_MAIN)} is missing: run npm run build first`);
  const startedAt = new Date();
  const runId = startedAt.getTime().toString(36);
  const log = (line) => process.stderr.write(`[bench] ${line}\n`);
  const env = gatewayEnv(cfg);
  const results = {
    bench: 'api',
    startedAt: startedAt.toISOString(),
    machine: machine(),
    settings: { ...cfg, phases: [...cfg.phases] },
    gatewayLimits: env,
    loadGenerator: `the bench process: ${NATS_LOAD_CONNECTIONS} NATS connections, keep-alive HTTP agents sized to each level, one socket per live feed`,
    loadAvgStart: loadAvg(),
    machineBusyBeforeStart: await machineBusy(MACHINE_BUSY_SAMPLE_MS),
  };
  const logDir = makeTempDir('tk-bench-api-logs-');
  const nats = await startNatsServer();
  log(`NATS on ${nats.url} (pid ${nats.pid}); logs in ${logDir}`);
  const connections = await connectLoad(nats, NATS_LOAD_CONNECTIONS);
  const client = makeClient(connections, cfg.requestTimeoutMs);
  const base = { cfg, log, runId, root, benchDir, logDir, nats, client };
  try {
    if (cfg.phases.has('http')) results.baseline = await runHttpBaseline(base);
    const needsStack = ['transfers', 'reads', 'feed'].some((phase) => cfg.phases.has(phase));
    if (needsStack) {
      const stack = await startStack({ root, nats, logDir, cfg, gatewayEnv: env });
      log(
        `services ready; gateway ${stack.gatewayUrl} (pid ${stack.pids.gateway}${cfg.cpuProfDir ? ', --cpu-prof' : ''})`,
      );
      try {
        const economy = await setUpEconomy({ cfg, client, runId, log });
        const run = { ...base, stack, economy, baseline: results.baseline };
        if (cfg.phases.has('transfers')) results.transfers = await runTransferPhase(run);
        if (cfg.phases.has('reads')) results.reads = await runReadPhase(run);
        if (cfg.phases.has('feed')) results.feed = await runFeedPhase(run);
      } finally {
        results.memory = await stack.stop();
      }
      const profile = newestProfile(cfg.cpuProfDir);
      if (profile) {
        results.cpuProfile = profile;
        results.cpuProfileTop = summarizeProfile(profile, PROFILE_TOP_FUNCTIONS);
      }
    }
  } finally {
    for (const nc of connections) await nc.close().catch(() => undefined);
    await stopTracked(nats, NATS_STOP_GRACE_MS);
  }
  results.finishedAt = new Date().toISOString();
  results.loadAvgEnd = loadAvg();
  results.targets = evaluateTargets(results);

  process.stdout.write(formatReport(results) + '\n');
  const outPath = writeResults('api', results, startedAt);
  process.stdout.write(`\nresults written to ${relative(process.cwd(), outPath)}\n`);
  return 0;
}
