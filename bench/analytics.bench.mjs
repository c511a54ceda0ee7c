// The analytics bench: how fast a replica catches up with the event stream and rebuilds from it, against a
// baseline that only reads and parses the same stream, and how far behind a ledger it runs live.
// Measures and reports; asserts nothing.
//
// One run: its own nats-server; the stream filled with BENCH_ANALYTICS_EVENTS (1,000,000) events of a
// simulated economy of many communities (analytics/economy-events.mjs, published like the services do);
// then (a) the baseline reader, (b) a fresh analytics replica on an empty data directory until status.get
// says lag 0, (c) `npm run analytics:rebuild` on it, (d) a ledger at a steady 2,000 transfers/s while the
// replica follows, with the commit-to-model time of each transfer (analytics/phases/live.mjs says how).
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { loadAvg, machine, machineBusy } from './lib/machine.mjs';
import { makeTempDir, startNatsServer, stopTracked } from './lib/proc.mjs';
import { summarizeProfile } from './profile-summary.mjs';
import { newestProfile } from './ledger/ledger-process.mjs';
import { compiled } from './analytics/compiled.mjs';
import { formatReport } from './analytics/report.mjs';
import { settings } from './analytics/settings.mjs';
import { fillStream } from './analytics/stream-fill.mjs';
import { runBaseline } from './analytics/phases/baseline.mjs';
import { runCatchUp } from './analytics/phases/catchup.mjs';
import { runRebuild } from './analytics/phases/rebuild.mjs';
import { runLive } from './analytics/phases/live.mjs';
import { evaluateTargets } from './analytics/targets.mjs';
import { writeResults } from './lib/results.mjs';

export { formatReport };

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = join(benchDir, '..');
const ANALYTICS_MAIN = join(root, 'dist', 'services', 'analytics', 'main.js');
const MACHINE_BUSY_SAMPLE_MS = 1_000;
const NATS_STOP_GRACE_MS = 10_000;
const PROFILE_TOP_FUNCTIONS = 30;

export const description =
  'analytics catch-up and rebuild from a 1M-event stream vs a read-and-parse baseline, peak RSS, live commit-to-model lag at 2,000 transfers/s';

export async function run() {
  const cfg = settings();
  const startedAt = new Date();
  const log = (line) => process.stderr.write(`[bench] ${line}\n`);
  if (!existsSync(ANALYTICS_MAIN))
    throw new Error(`${relative(root, ANALYTICS_MAIN)} is missing: run npm run build first`);

  const results = {
    bench: 'analytics',
    startedAt: startedAt.toISOString(),
    machine: machine(),
    settings: { ...cfg, phases: [...cfg.phases] },
    loadAvgStart: loadAvg(),
    machineBusyBeforeStart: await machineBusy(MACHINE_BUSY_SAMPLE_MS),
  };
  const nats = await startNatsServer();
  log(`NATS on ${nats.url} (pid ${nats.pid})`);
  const nc = await connect({
    servers: nats.url,
    name: 'bench-analytics',
    maxPingOut: 100,
    ...nats.authOptions(),
  });
  const ctx = {
    cfg,
    log,
    nc,
    nats,
    root,
    benchDir,
    runId: startedAt.getTime().toString(36),
    logDir: makeTempDir('tk-bench-analytics-logs-'),
    contracts: compiled().contracts,
  };
  let analytics = null;
  try {
    log(`fill: ${cfg.events} events over ${cfg.communities} communities`);
    results.fill = await fillStream(cfg, nc, log);
    const info = await (await jetstreamManager(nc)).streams.info(ctx.contracts.EVENT_STREAM);
    results.stream = { messages: info.state.messages, bytes: info.state.bytes, lastSeq: info.state.last_seq };
    ctx.streamLastSeq = info.state.last_seq;
    log(`fill: ${results.fill.events} events in ${Math.round(results.fill.ms)} ms`);

    if (cfg.phases.has('baseline')) results.baseline = await runBaseline(ctx);
    if (cfg.phases.has('catchup') || cfg.phases.has('rebuild') || cfg.phases.has('live')) {
      const caught = await runCatchUp(ctx);
      analytics = caught.analytics;
      results.catchUp = caught.result;
      if (cfg.phases.has('rebuild')) results.rebuild = await runRebuild(ctx, analytics);
      if (cfg.phases.has('live')) results.live = await runLive(ctx, analytics);
      results.analyticsMaxRssKb = analytics.rss.stop().maxRssKb;
      results.analyticsExit = await stopTracked(analytics.proc);
      analytics = null;
      if (cfg.cpuProfDir) {
        const profile = newestProfile(cfg.cpuProfDir);
        results.cpuProfile = profile;
        if (profile) results.cpuProfileTop = summarizeProfile(profile, PROFILE_TOP_FUNCTIONS);
      }
    }
  } finally {
    if (analytics) {
      analytics.rss.stop();
      await stopTracked(analytics.proc, 5_000);
    }
    await nc.close().catch(() => undefined);
    await stopTracked(nats, NATS_STOP_GRACE_MS);
  }
  results.targets = evaluateTargets(results);
  results.finishedAt = new Date().toISOString();
  results.loadAvgEnd = loadAvg();
  process.stdout.write(formatReport(results) + '\n');
  const outPath = writeResults('analytics', results, startedAt);
  process.stdout.write(`\nresults written to ${relative(process.cwd(), outPath)}\n`);
  return 0;
}
