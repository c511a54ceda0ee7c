// The bot benchmark: rewarded messages and command replies per second through the Bot API emulator,
// end to end (emulator -> telegram-gateway -> accounts -> JetStream -> ledger), against how fast the
// emulator alone hands out updates (the baseline, measured in the same run). Measures and reports;
// asserts nothing, except that it says when a phase did not complete.
//
// The parts: bot/settings.mjs (BENCH_BOT_* settings), bot/emulator.mjs (loads the emulator's sources),
// bot/services.mjs (the built services as processes), bot/bus-watch.mjs (requests and reward mints seen
// on the bus), bot/burst.mjs (one measured burst), bot/phases/ (one module per phase), bot/report.mjs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAvg, machine, machineBusy } from './lib/machine.mjs';
import { makeTempDir, startNatsServer, stopTracked } from './lib/proc.mjs';
import { summarizeProfile } from './profile-summary.mjs';
import { newestProfile } from './ledger/ledger-process.mjs';
import { connectLoad, makeClient } from './ledger/client.mjs';
import { watchBus } from './bot/bus-watch.mjs';
import { loadEmulator } from './bot/emulator.mjs';
import { addGroupsAndMembers } from './bot/members.mjs';
import { runBaselinePhase } from './bot/phases/baseline.mjs';
import { runRepliesPhase } from './bot/phases/replies.mjs';
import { allowBackToBackRewards, runRewardPhase } from './bot/phases/rewards.mjs';
import { formatReport } from './bot/report.mjs';
import { settings } from './bot/settings.mjs';
import { startBackend, startGateway, stopAll } from './bot/services.mjs';

export { formatReport };

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = join(benchDir, '..');
const MACHINE_BUSY_SAMPLE_MS = 1_000;
const REQUEST_TIMEOUT_MS = 10_000;
const PROFILE_TOP_FUNCTIONS = 25;

export const description =
  'rewarded messages/s (new and known members) and command replies/s through the Bot API emulator vs the emulator alone';

export async function run() {
  const cfg = settings();
  const startedAt = new Date();
  const log = (line) => process.stderr.write(`[bench] ${line}\n`);
  const results = {
    bench: 'bot',
    startedAt: startedAt.toISOString(),
    machine: machine(),
    settings: { ...cfg, phases: [...cfg.phases] },
    loadAvgStart: loadAvg(),
    machineBusyBeforeStart: await machineBusy(MACHINE_BUSY_SAMPLE_MS),
    phases: {},
  };
  const logDir = makeTempDir('tk-bench-logs-');
  const { startTelegramEmulator } = loadEmulator(root);
  const emulator = await startTelegramEmulator({ botUsername: 'TicketBot' });
  log(`emulator on ${emulator.apiRoot}; starting a private nats-server`);
  const nats = await startNatsServer();
  const services = [];
  let watch;
  let connections = [];
  try {
    const pids = { nats: nats.pid, bench: process.pid };
    if (cfg.phases.has('baseline'))
      results.phases.baseline = await runBaselinePhase({ cfg, emulator, pids, log });

    services.push(...(await startBackend({ root, nats, logDir, cfg })));
    const gateway = await startGateway({ root, nats, logDir, emulator, cfg });
    services.push(gateway);
    for (const service of services)
      pids[service.name === 'telegram-gateway' ? 'gateway' : service.name] = service.pid;
    log(`ledger, accounts and telegram-gateway ready (logs in ${logDir})`);
    watch = await watchBus(nats);
    connections = await connectLoad(nats, 1);
    const client = makeClient(connections, REQUEST_TIMEOUT_MS);
    const members = addGroupsAndMembers(emulator, { groups: cfg.groups, members: cfg.messages });
    const ctx = { cfg, emulator, watch, pids, members, client, log };

    if (cfg.phases.has('new')) results.phases.new = await runRewardPhase(ctx, 'new');
    if (cfg.phases.has('known')) {
      // The communities exist once the new members wrote; without that phase the upsert makes them.
      await allowBackToBackRewards(ctx);
      results.phases.known = await runRewardPhase(ctx, 'known');
    }
    if (cfg.phases.has('replies')) results.phases.replies = await runRepliesPhase(ctx);
  } finally {
    await watch?.close().catch(() => undefined);
    for (const nc of connections) await nc.close().catch(() => undefined);
    results.exits = await stopAll(services);
    await stopTracked(nats, 5_000);
    await emulator.close();
  }
  if (cfg.cpuProfDir) {
    const profile = newestProfile(cfg.cpuProfDir);
    results.cpuProfile = profile;
    if (profile) results.cpuProfileTop = summarizeProfile(profile, PROFILE_TOP_FUNCTIONS);
  }
  results.finishedAt = new Date().toISOString();
  results.loadAvgEnd = loadAvg();
  for (const [key, phase] of Object.entries(results.phases)) {
    if (!phase.complete) log(`phase ${key} did not complete: ${phase.done} of ${phase.count}`);
  }

  process.stdout.write(formatReport(results) + '\n');
  const outDir = join(benchDir, 'results');
  mkdirSync(outDir, { recursive: true });
  const outPath = join(outDir, `bot-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(outPath, JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(`\nresults written to ${relative(process.cwd(), outPath)}\n`);
  return 0;
}
