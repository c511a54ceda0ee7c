// The ledger benchmark: a bare NATS echo responder as the baseline, then the built ledger service
// (dist/services/ledger/main.js) under single-transfer, batch and fixed-rate load, its memory, and a
// journal.verify at the end. Measures and reports; asserts nothing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { closedLoop, openLoop, clientErrorCode } from './lib/load.mjs';
import {
  freePort,
  httpStatus,
  makeTempDir,
  procStatusKb,
  sampleRss,
  spawnTracked,
  startNatsServer,
  stopTracked,
  systemCpu,
  waitFor,
} from './lib/proc.mjs';
import { cpuText, errorsText, fmt, ms, table } from './lib/report.mjs';
import { summarizeProfile, formatSummary } from './profile-summary.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = join(benchDir, '..');
const LEDGER_MAIN = join(root, 'dist', 'services', 'ledger', 'main.js');

const SUBJECTS = {
  echo: 'bench.echo',
  accountOpen: 'tk.cmd.ledger.account.open',
  mint: 'tk.cmd.ledger.supply.mint',
  transfer: 'tk.cmd.ledger.transfer.create',
  batch: 'tk.cmd.ledger.transfer.batch',
  verify: 'tk.cmd.ledger.journal.verify',
};

export const description =
  'NATS echo baseline vs ledger transfer.create / transfer.batch / fixed-rate latency, memory, journal.verify';

function envInt(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`${name} must be a non-negative number, got ${raw}`);
  return Math.round(value);
}

function envList(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  return raw.split(',').map((item) => Number(item.trim()));
}

function settings() {
  const phases = new Set(
    (process.env.BENCH_PHASES ?? 'echo,single,batch,fixed').split(',').map((p) => p.trim()),
  );
  for (const phase of phases) {
    if (!['echo', 'single', 'batch', 'fixed'].includes(phase)) {
      throw new Error(`BENCH_PHASES: unknown phase ${phase}; use echo, single, batch, fixed`);
    }
  }
  return {
    durationMs: envInt('BENCH_DURATION_MS', 5_000),
    warmupMs: envInt('BENCH_WARMUP_MS', 1_000),
    concurrency: envList('BENCH_CONCURRENCY', [1, 16, 64, 256]),
    batchSizes: envList('BENCH_BATCH_SIZES', [100, 1000]),
    batchConcurrency: envList('BENCH_BATCH_CONCURRENCY', [1, 4, 16]),
    fixedRate: envInt('BENCH_FIXED_RATE', 2_000),
    accounts: envInt('BENCH_ACCOUNTS', 32),
    connections: Math.max(1, envInt('BENCH_CONNECTIONS', 1)),
    requestTimeoutMs: envInt('BENCH_REQUEST_TIMEOUT_MS', 30_000),
    outboxDrainTimeoutMs: envInt('BENCH_OUTBOX_DRAIN_TIMEOUT_MS', 60_000),
    cpuProfDir: process.env.BENCH_CPU_PROF ? join(process.cwd(), process.env.BENCH_CPU_PROF) : null,
    ledgerEnv: {
      // Extra LEDGER_* settings are passed through (LEDGER_SYNCHRONOUS, LEDGER_COMMIT_GROUP_MAX, ...).
      ...Object.fromEntries(Object.entries(process.env).filter(([key]) => key.startsWith('LEDGER_'))),
    },
    phases,
  };
}

function loadAvg() {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  } catch {
    return null;
  }
}

/** % of one core the whole machine used over the next ms milliseconds (before the bench starts anything). */
async function machineBusy(ms) {
  const start = systemCpu();
  const t0 = performance.now();
  await sleep(ms);
  const end = systemCpu();
  return start && end ? (100 * (end.busyMs - start.busyMs)) / (performance.now() - t0) : null;
}

function machine() {
  const tryRun = (cmd, args) => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
    } catch {
      return null;
    }
  };
  return {
    nproc: Number(tryRun('nproc', [])) || cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memTotalMb: Math.round(totalmem() / 1024 / 1024),
    node: process.version,
    natsServer: tryRun(process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server', ['--version']),
    natsClient: tryRun(process.execPath, ['-p', "require('@nats-io/transport-node/package.json').version"]),
    kernel: tryRun('uname', ['-r']),
  };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const OK_PREFIX = encoder.encode('{"ok":true');

function startsOk(bytes) {
  if (bytes.length < OK_PREFIX.length) return false;
  for (let i = 0; i < OK_PREFIX.length; i += 1) if (bytes[i] !== OK_PREFIX[i]) return false;
  return true;
}

/** Request/reply over the bench's connections, round-robin by loop index. */
function makeClient(connections, timeoutMs) {
  const pick = (index) => connections[index % connections.length];
  return {
    /** Parsed reply; throws on an {"ok":false} reply with the error code. */
    async call(subject, payload, timeout = timeoutMs) {
      const msg = await connections[0].request(subject, encoder.encode(JSON.stringify(payload)), { timeout });
      const reply = JSON.parse(decoder.decode(msg.data));
      if (!reply.ok) {
        const error = new Error(`${subject}: ${reply.error?.code} ${reply.error?.message}`);
        error.code = reply.error?.code;
        throw error;
      }
      return reply.data;
    },
    raw(index, subject, bytes) {
      return pick(index).request(subject, bytes, { timeout: timeoutMs });
    },
  };
}

/** Largest size of the ledger's WAL file seen while sampling, to show whether checkpoints keep up. */
function sampleWalSize(path, intervalMs) {
  let maxBytes = 0;
  const timer = setInterval(() => {
    try {
      maxBytes = Math.max(maxBytes, statSync(path).size);
    } catch {
      // not created yet, or removed at shutdown
    }
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return maxBytes;
    },
  };
}

async function scrapeMetrics(httpPort) {
  try {
    // Generous timeout: a large commit group blocks the ledger's event loop (and /metrics) for seconds.
    const response = await fetch(`http://127.0.0.1:${httpPort}/metrics`, {
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    const pick = (name) => {
      const match = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text);
      return match ? Number(match[1]) : null;
    };
    return {
      groups: pick('ledger_commit_groups_total'),
      items: pick('ledger_commit_items_total'),
      queueLength: pick('ledger_commit_queue_length'),
      outboxUnsent: pick('ledger_outbox_unsent'),
    };
  } catch {
    return null;
  }
}

/** Commit-queue figures over a measured window: average group size and outbox backlog at its end. */
function commitWindow(httpPort) {
  let first = null;
  let last = null;
  return {
    onWindow: async (edge) => {
      const metrics = await scrapeMetrics(httpPort);
      if (edge === 'start') first = metrics;
      else last = metrics;
    },
    result() {
      if (!first || !last || first.groups === null || last.groups === null) return null;
      const groups = last.groups - first.groups;
      const items = last.items - first.items;
      return {
        groups,
        items,
        avgGroupSize: groups > 0 ? items / groups : null,
        outboxUnsentAtEnd: last.outboxUnsent,
      };
    },
  };
}

/**
 * Wait until the ledger's outbox relay has published everything to JetStream, so the next phase does
 * not pay for this one's events. Returns { ms, unsentAtStart, unsentAtEnd }.
 */
async function drainOutbox(httpPort, timeoutMs) {
  const started = performance.now();
  let metrics = await scrapeMetrics(httpPort);
  const unsentAtStart = metrics?.outboxUnsent ?? null;
  while (metrics?.outboxUnsent > 0 && performance.now() - started < timeoutMs) {
    await sleep(100);
    metrics = await scrapeMetrics(httpPort);
  }
  return { ms: performance.now() - started, unsentAtStart, unsentAtEnd: metrics?.outboxUnsent ?? null };
}

/** Ledger CPU time per transfer (µs): robust to other load on the machine, unlike the rates. */
function cpuUsPerTransfer(row, rate) {
  const cpu = row.cpuPercent?.ledger;
  return cpu === undefined || !rate ? null : ((cpu / 100) * 1e6) / rate;
}

function newestProfile(dir) {
  if (!existsSync(dir)) return null;
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => join(dir, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return files[0] ?? null;
}

export async function run() {
  const cfg = settings();
  const startedAt = new Date();
  const runId = startedAt.getTime().toString(36);
  const info = machine();
  const log = (line) => process.stderr.write(`[bench] ${line}\n`);
  const results = {
    bench: 'ledger',
    startedAt: startedAt.toISOString(),
    machine: info,
    settings: {
      ...cfg,
      phases: [...cfg.phases],
      ledgerSynchronous: cfg.ledgerEnv.LEDGER_SYNCHRONOUS ?? 'FULL (default)',
    },
    loadGenerator: `${cfg.connections} NATS client connection(s) in the bench process, shared by all requester loops`,
    echo: [],
    single: [],
    batch: [],
    fixed: null,
    memory: null,
    verify: null,
    errors: {},
    loadAvgStart: loadAvg(),
    machineBusyBeforeStart: await machineBusy(1_000),
  };

  if (!existsSync(LEDGER_MAIN))
    throw new Error(`${relative(root, LEDGER_MAIN)} is missing: run npm run build first`);

  log(`starting a private nats-server`);
  const nats = await startNatsServer();
  log(`nats-server on ${nats.url} (pid ${nats.pid})`);
  const connections = [];
  for (let i = 0; i < cfg.connections; i += 1) {
    connections.push(
      await connect({ servers: nats.url, name: `bench-load-${i}`, maxPingOut: 100, ...nats.authOptions() }),
    );
  }
  const client = makeClient(connections, cfg.requestTimeoutMs);
  const logDir = makeTempDir('tk-bench-logs-');

  // Transfer bodies: unique ids per run, amount 1 between distinct pre-funded user accounts.
  const accountIds = Array.from({ length: cfg.accounts }, (_, i) => `user:bench:u${i}`);
  let transferSeq = 0;
  let seed = 0x2545f491;
  const random = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4294967296;
  };
  const transferObject = () => {
    const n = transferSeq++;
    const a = Math.floor(random() * cfg.accounts);
    const b = (a + 1 + Math.floor(random() * (cfg.accounts - 1))) % cfg.accounts;
    return {
      id: `b-${runId}-${n}`,
      debitAccountId: accountIds[a],
      creditAccountId: accountIds[b],
      amount: 1,
      code: 'reward',
      memo: 'bench',
    };
  };
  const transferBytes = () => encoder.encode(JSON.stringify(transferObject()));

  const ratioOf = (concurrency, rate) => {
    const echo = results.echo.find((row) => row.concurrency === concurrency);
    return echo ? rate / echo.requestsPerSec : null;
  };

  let ledger = null;
  let rss = null;
  let wal = null;
  try {
    // 1. Baseline: the echo responder.
    if (cfg.phases.has('echo')) {
      const echoProc = spawnTracked(process.execPath, [join(benchDir, 'echo-responder.mjs')], {
        env: {
          ...process.env,
          NATS_URL: nats.url,
          NATS_CREDENTIALS_FILE: nats.credentialsFile('operator'),
          ECHO_SUBJECT: SUBJECTS.echo,
        },
        logPath: join(logDir, 'echo-responder.log'),
      });
      await waitFor(
        'echo responder',
        async () => {
          await connections[0].request(SUBJECTS.echo, encoder.encode('{}'), { timeout: 500 });
          return true;
        },
        { proc: echoProc, timeoutMs: 15_000 },
      );
      for (const concurrency of cfg.concurrency) {
        log(`echo: concurrency ${concurrency}`);
        const row = await closedLoop({
          concurrency,
          warmupMs: cfg.warmupMs,
          durationMs: cfg.durationMs,
          pids: { responder: echoProc.pid, nats: nats.pid },
          send: async (index) => {
            await client.raw(index, SUBJECTS.echo, transferBytes());
            return { units: 1, errors: [] };
          },
        });
        results.echo.push(row);
      }
      await stopTracked(echoProc);
    }

    // The ledger.
    const needLedger = cfg.phases.has('single') || cfg.phases.has('batch') || cfg.phases.has('fixed');
    if (needLedger) {
      const httpPort = await freePort();
      const dataDir = makeTempDir('tk-bench-ledger-');
      const nodeArgs = [];
      if (cfg.cpuProfDir) {
        mkdirSync(cfg.cpuProfDir, { recursive: true });
        nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${cfg.cpuProfDir}`);
      }
      ledger = spawnTracked(process.execPath, [...nodeArgs, LEDGER_MAIN], {
        cwd: root,
        env: {
          ...process.env,
          ...cfg.ledgerEnv,
          NATS_URL: nats.url,
          NATS_CREDENTIALS_FILE: nats.credentialsFile('ledger'),
          DATA_DIR: dataDir,
          HTTP_PORT: String(httpPort),
          LOG_LEVEL: 'warn',
        },
        logPath: join(logDir, 'ledger.log'),
      });
      const launchedAt = performance.now();
      rss = sampleRss(ledger.pid, 250);
      wal = sampleWalSize(join(dataDir, 'ledger.sqlite-wal'), 250);
      await waitFor(
        'ledger /readyz',
        async () => (await httpStatus(`http://127.0.0.1:${httpPort}/readyz`)) === 200,
        {
          proc: ledger,
          timeoutMs: 60_000,
        },
      );
      results.ledgerStartMs = performance.now() - launchedAt;
      log(
        `ledger ready in ${fmt(results.ledgerStartMs)} ms (pid ${ledger.pid}${cfg.cpuProfDir ? ', --cpu-prof' : ''})`,
      );
      const pids = { ledger: ledger.pid, nats: nats.pid };

      // Setup: open and fund the accounts.
      const setupErrors = {};
      for (let i = 0; i < cfg.accounts; i += 1) {
        const account = await client.call(SUBJECTS.accountOpen, {
          communityId: 'bench',
          kind: 'user',
          ownerId: `u${i}`,
        });
        if (account.id !== accountIds[i])
          throw new Error(`account.open returned ${account.id}, expected ${accountIds[i]}`);
      }
      await Promise.all(
        accountIds.map((accountId, i) =>
          client
            .call(SUBJECTS.mint, {
              id: `m-${runId}-${i}`,
              accountId,
              amount: 1_000_000_000_000,
              memo: 'bench funding',
            })
            .catch((error) => {
              setupErrors[error.code ?? clientErrorCode(error)] =
                (setupErrors[error.code ?? clientErrorCode(error)] ?? 0) + 1;
            }),
        ),
      );
      results.setup = { accounts: cfg.accounts, mints: cfg.accounts, errors: setupErrors };
      await drainOutbox(httpPort, cfg.outboxDrainTimeoutMs);
      let transfersOk = 0;

      const sendSingle = async (index) => {
        const msg = await client.raw(index, SUBJECTS.transfer, transferBytes());
        if (startsOk(msg.data)) return { units: 1, errors: [] };
        const reply = JSON.parse(decoder.decode(msg.data));
        return reply.ok ? { units: 1, errors: [] } : { units: 0, errors: [reply.error?.code ?? 'UNKNOWN'] };
      };
      const countOk = (row) => {
        transfersOk += row.okTotal;
      };
      const trackOk = (send) => {
        const wrapped = async (index) => {
          const result = await send(index);
          wrapped.okTotal += result.units;
          return result;
        };
        wrapped.okTotal = 0;
        return wrapped;
      };

      // 2. Single transfers.
      if (cfg.phases.has('single')) {
        for (const concurrency of cfg.concurrency) {
          log(`ledger transfer.create: concurrency ${concurrency}`);
          const commit = commitWindow(httpPort);
          const send = trackOk(sendSingle);
          const row = await closedLoop({
            concurrency,
            warmupMs: cfg.warmupMs,
            durationMs: cfg.durationMs,
            pids,
            send,
            onWindow: commit.onWindow,
          });
          row.commit = commit.result();
          row.vsEcho = ratioOf(concurrency, row.requestsPerSec);
          row.ledgerCpuUsPerTransfer = cpuUsPerTransfer(row, row.unitsPerSec);
          countOk({ okTotal: send.okTotal });
          row.outboxDrain = await drainOutbox(httpPort, cfg.outboxDrainTimeoutMs);
          results.single.push(row);
        }
      }

      // 3. Batches.
      if (cfg.phases.has('batch')) {
        for (const size of cfg.batchSizes) {
          for (const concurrency of cfg.batchConcurrency) {
            log(`ledger transfer.batch of ${size}: concurrency ${concurrency}`);
            const commit = commitWindow(httpPort);
            const send = trackOk(async (index) => {
              const transfers = Array.from({ length: size }, transferObject);
              const msg = await client.raw(
                index,
                SUBJECTS.batch,
                encoder.encode(JSON.stringify({ transfers })),
              );
              const reply = JSON.parse(decoder.decode(msg.data));
              if (!reply.ok) return { units: 0, errors: [reply.error?.code ?? 'UNKNOWN'] };
              const errors = [];
              let ok = 0;
              for (const item of reply.data.results) {
                if (item.ok) ok += 1;
                else errors.push(`item:${item.error?.code ?? 'UNKNOWN'}`);
              }
              return { units: ok, errors };
            });
            const row = await closedLoop({
              concurrency,
              warmupMs: cfg.warmupMs,
              durationMs: cfg.durationMs,
              pids,
              send,
              onWindow: commit.onWindow,
            });
            row.batchSize = size;
            row.ledgerCpuUsPerTransfer = cpuUsPerTransfer(row, row.unitsPerSec);
            row.commit = commit.result();
            countOk({ okTotal: send.okTotal });
            row.outboxDrain = await drainOutbox(httpPort, cfg.outboxDrainTimeoutMs);
            results.batch.push(row);
          }
        }
      }

      // 4. Fixed rate, open loop.
      if (cfg.phases.has('fixed')) {
        log(`ledger transfer.create at a fixed ${cfg.fixedRate}/s (open loop)`);
        const commit = commitWindow(httpPort);
        const send = trackOk(sendSingle);
        const row = await openLoop({
          rate: cfg.fixedRate,
          warmupMs: cfg.warmupMs,
          durationMs: cfg.durationMs,
          pids,
          send,
          onWindow: commit.onWindow,
        });
        row.commit = commit.result();
        row.ledgerCpuUsPerTransfer = cpuUsPerTransfer(row, row.okRate);
        countOk({ okTotal: send.okTotal });
        row.outboxDrain = await drainOutbox(httpPort, cfg.outboxDrainTimeoutMs);
        results.fixed = row;
      }

      // 5. Memory at the end of the load.
      const endOfLoad = procStatusKb(ledger.pid);
      const rssAtLoadEnd = rss.maxRssKb;

      // 6. Let the outbox drain to JetStream, then verify the journal.
      const drained = await drainOutbox(httpPort, cfg.outboxDrainTimeoutMs);
      const outbox = {
        unsentAtLoadEnd: drained.unsentAtStart,
        unsentAfterWait: drained.unsentAtEnd,
        drainMs: drained.ms,
      };
      try {
        const jsm = await jetstreamManager(connections[0]);
        const stream = await jsm.streams.info('TICKETONOMICS');
        outbox.streamMessages = stream.state.messages;
      } catch (error) {
        outbox.streamMessages = null;
        outbox.streamError = String(error);
      }
      log('journal.verify');
      const verifyStarted = performance.now();
      let verify;
      try {
        const report = await client.call(SUBJECTS.verify, {}, 600_000);
        verify = {
          ok: report.ok,
          entries: report.entries,
          chainBreaks: report.chainBreaks.length,
          balanceMismatches: report.balanceMismatches.length,
          sumByCommunity: report.sumByCommunity,
        };
      } catch (error) {
        verify = { ok: false, error: String(error.message ?? error) };
      }
      verify.ms = performance.now() - verifyStarted;
      verify.expectedEntries = cfg.accounts + transfersOk; // the mints plus every transfer answered ok
      results.verify = verify;
      results.outbox = outbox;

      const final = procStatusKb(ledger.pid);
      const sampled = rss.stop();
      results.memory = {
        vmHwmKbAtLoadEnd: endOfLoad?.VmHWM ?? null,
        vmRssKbAtLoadEnd: endOfLoad?.VmRSS ?? null,
        maxSampledRssKbDuringLoad: rssAtLoadEnd,
        vmHwmKbFinal: final?.VmHWM ?? null,
        maxSampledRssKb: sampled.maxRssKb,
        samples: sampled.samples,
        sampleIntervalMs: sampled.intervalMs,
        maxSampledWalBytes: wal.stop(),
      };
      rss = null;
      wal = null;

      const exit = await stopTracked(ledger);
      results.ledgerExit = exit;
      ledger = null;
      if (cfg.cpuProfDir) {
        const profile = newestProfile(cfg.cpuProfDir);
        results.cpuProfile = profile;
        if (profile) results.cpuProfileTop = summarizeProfile(profile, 25);
      }
    }
  } finally {
    rss?.stop();
    wal?.stop();
    if (ledger) await stopTracked(ledger, 5_000);
    for (const nc of connections) await nc.close().catch(() => undefined);
    await stopTracked(nats, 5_000);
  }

  // Error counts per phase.
  const phaseErrors = {};
  if (results.setup) phaseErrors.setup = results.setup.errors;
  for (const row of results.echo) phaseErrors[`echo c=${row.concurrency}`] = row.errors;
  for (const row of results.single) phaseErrors[`single c=${row.concurrency}`] = row.errors;
  for (const row of results.batch) phaseErrors[`batch ${row.batchSize} c=${row.concurrency}`] = row.errors;
  if (results.fixed) phaseErrors[`fixed ${results.fixed.targetRate}/s`] = results.fixed.errors;
  results.errors = phaseErrors;
  results.targets = evaluateTargets(results);
  results.finishedAt = new Date().toISOString();
  results.loadAvgEnd = loadAvg();

  const report = formatReport(results);
  process.stdout.write(report + '\n');
  const outDir = join(benchDir, 'results');
  mkdirSync(outDir, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const outPath = join(outDir, `ledger-${stamp}.json`);
  writeFileSync(outPath, JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(`\nresults written to ${relative(process.cwd(), outPath)}\n`);
  return 0;
}

function evaluateTargets(results) {
  const targets = [];
  if (results.single.length > 0 && results.echo.length > 0) {
    const rows = results.single.filter((row) => row.vsEcho !== null);
    const met = rows.filter((row) => row.vsEcho >= 0.5).map((row) => row.concurrency);
    targets.push({
      target: 'single transfer.create >= 0.5 x echo rate (same concurrency)',
      measured: rows.map((row) => `c=${row.concurrency}: ${fmt(row.vsEcho, 2)}x`).join(', '),
      met: rows.length > 0 && met.length === rows.length,
    });
  }
  if (results.batch.length > 0) {
    const best = results.batch.reduce((a, b) => (b.unitsPerSec > a.unitsPerSec ? b : a));
    targets.push({
      target: 'batch >= 25,000 transfers/s end to end',
      measured: `best ${fmt(best.unitsPerSec)}/s (batch ${best.batchSize}, c=${best.concurrency})`,
      met: best.unitsPerSec >= 25_000,
    });
  }
  if (results.fixed) {
    targets.push({
      target: `p99 < 10 ms at a steady ${results.fixed.targetRate} transfer.create/s`,
      measured: `p99 ${ms(results.fixed.latencyMs.p99)} ms at ${fmt(results.fixed.achievedRate)}/s achieved`,
      met:
        results.fixed.latencyMs.p99 !== null &&
        results.fixed.latencyMs.p99 < 10 &&
        results.fixed.achievedRate >= 0.98 * results.fixed.targetRate,
    });
  }
  if (results.memory) {
    const peakKb = Math.max(results.memory.vmHwmKbFinal ?? 0, results.memory.maxSampledRssKb ?? 0);
    targets.push({
      target: 'ledger peak RSS < 300 MB',
      measured: `${fmt(peakKb / 1024)} MB (VmHWM)`,
      met: peakKb < 300 * 1024,
    });
  }
  return targets;
}

export function formatReport(r) {
  const out = [];
  const m = r.machine;
  out.push('');
  out.push(`Ticketonomics ledger benchmark  ${r.startedAt}`);
  out.push(
    `machine: ${m.nproc} cores (${m.cpuModel}), ${fmt(m.memTotalMb)} MB RAM, node ${m.node}, ${m.natsServer ?? 'nats-server ?'}, nats.js ${m.natsClient ?? '?'}`,
  );
  out.push(
    `ledger: synchronous=${r.settings.ledgerSynchronous}; per level ${fmt(r.settings.warmupMs)} ms warm-up + ${fmt(r.settings.durationMs)} ms measured; ` +
      `load: ${r.loadGenerator}. Everything (nats-server, ledger, load generator) shares the same cores.`,
  );
  out.push(
    [
      'Columns: cpu% E/N/B/other = % of one core used in the measured window by the Echo responder or Ledger / Nats-server / Bench',
      "  (load generator) / other work on the machine; runq wait% = share of the window the responder's or ledger's event-loop",
      '  thread was runnable but waiting for a CPU (contention); cpu µs/tx = ledger CPU time / transfers done in the window;',
      '  avg group = transfers (or batch requests) per SQLite commit; backlog = events committed but not yet published to',
      '  JetStream at the end of the window (the bench waits for it to drain, drain ms, before the next level).',
    ].join('\n'),
  );
  out.push(
    `machine busy before start ${fmt(r.machineBusyBeforeStart)}% of one core; load average (1 min) at start ${r.loadAvgStart ?? '-'}, at end ${r.loadAvgEnd ?? '-'}`,
  );

  if (r.echo.length > 0) {
    out.push('', '1. Baseline: bare NATS echo responder (Node, queue group, replies with the request body)');
    out.push(
      table([
        ['conc', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'cpu% E/N/B/other', 'runq wait%'],
        ...r.echo.map((row) => [
          row.concurrency,
          fmt(row.requestsPerSec),
          ms(row.latencyMs.p50),
          ms(row.latencyMs.p99),
          ms(row.latencyMs.max),
          errorsText(row.errors),
          cpuText(row.cpuPercent, ['responder', 'nats', 'bench', 'other']),
          fmt(row.cpuPercent?.responderRunqWait),
        ]),
      ]),
    );
  }
  if (r.single.length > 0) {
    out.push('', '2. Ledger transfer.create (one transfer per request, code reward, amount 1)');
    out.push(
      table([
        [
          'conc',
          'transfers/s',
          'p50 ms',
          'p99 ms',
          'max ms',
          'vs echo',
          'avg group',
          'backlog',
          'drain ms',
          'cpu µs/tx',
          'errors',
          'cpu% L/N/B/other',
          'runq wait%',
        ],
        ...r.single.map((row) => [
          row.concurrency,
          fmt(row.unitsPerSec),
          ms(row.latencyMs.p50),
          ms(row.latencyMs.p99),
          ms(row.latencyMs.max),
          row.vsEcho === null ? '-' : `${fmt(row.vsEcho, 2)}x`,
          fmt(row.commit?.avgGroupSize, 1),
          fmt(row.commit?.outboxUnsentAtEnd),
          fmt(row.outboxDrain?.ms),
          fmt(row.ledgerCpuUsPerTransfer),
          errorsText(row.errors),
          cpuText(row.cpuPercent, ['ledger', 'nats', 'bench', 'other']),
          fmt(row.cpuPercent?.ledgerRunqWait),
        ]),
      ]),
    );
  }
  if (r.batch.length > 0) {
    out.push('', '3. Ledger transfer.batch (latency per request)');
    out.push(
      table([
        [
          'batch',
          'conc',
          'req/s',
          'transfers/s',
          'p50 ms',
          'p99 ms',
          'max ms',
          'backlog',
          'drain ms',
          'cpu µs/tx',
          'errors',
          'cpu% L/N/B/other',
          'runq wait%',
        ],
        ...r.batch.map((row) => [
          row.batchSize,
          row.concurrency,
          fmt(row.requestsPerSec, 1),
          fmt(row.unitsPerSec),
          ms(row.latencyMs.p50),
          ms(row.latencyMs.p99),
          ms(row.latencyMs.max),
          fmt(row.commit?.outboxUnsentAtEnd),
          fmt(row.outboxDrain?.ms),
          fmt(row.ledgerCpuUsPerTransfer),
          errorsText(row.errors),
          cpuText(row.cpuPercent, ['ledger', 'nats', 'bench', 'other']),
          fmt(row.cpuPercent?.ledgerRunqWait),
        ]),
      ]),
    );
  }
  if (r.fixed) {
    const f = r.fixed;
    out.push(
      '',
      `4. Fixed rate, open loop: transfer.create scheduled at ${fmt(f.targetRate)}/s, latency from the scheduled time`,
    );
    out.push(
      table([
        [
          'target/s',
          'achieved/s',
          'p50 ms',
          'p90 ms',
          'p99 ms',
          'max ms',
          'max in flight',
          'send lag ms',
          'backlog',
          'cpu µs/tx',
          'errors',
          'cpu% L/N/B/other',
          'runq wait%',
        ],
        [
          fmt(f.targetRate),
          fmt(f.achievedRate),
          ms(f.latencyMs.p50),
          ms(f.latencyMs.p90),
          ms(f.latencyMs.p99),
          ms(f.latencyMs.max),
          fmt(f.maxOutstanding),
          ms(f.maxSendLagMs),
          fmt(f.commit?.outboxUnsentAtEnd),
          fmt(f.ledgerCpuUsPerTransfer),
          errorsText(f.errors),
          cpuText(f.cpuPercent, ['ledger', 'nats', 'bench', 'other']),
          fmt(f.cpuPercent?.ledgerRunqWait),
        ],
      ]),
    );
  }
  if (r.memory) {
    const mem = r.memory;
    out.push('', '5. Ledger memory');
    out.push(
      `  VmHWM (peak RSS) ${fmt(mem.vmHwmKbFinal / 1024, 1)} MB at the end (${fmt(mem.vmHwmKbAtLoadEnd / 1024, 1)} MB before journal.verify); ` +
        `max sampled VmRSS ${fmt(mem.maxSampledRssKb / 1024, 1)} MB (${mem.samples} samples every ${mem.sampleIntervalMs} ms)`,
    );
    if (mem.maxSampledWalBytes !== undefined)
      out.push(
        `  WAL file: largest sampled ${fmt(mem.maxSampledWalBytes / 1024 / 1024, 1)} MB (every 250 ms)`,
      );
  }
  if (r.verify) {
    const v = r.verify;
    out.push('', '6. After the load');
    out.push(
      `  journal.verify: ok=${v.ok} entries=${fmt(v.entries)} (expected ${fmt(v.expectedEntries)}: ${r.settings.accounts} mints + transfers answered ok) ` +
        `chainBreaks=${v.chainBreaks ?? '-'} balanceMismatches=${v.balanceMismatches ?? '-'} in ${fmt(v.ms)} ms${v.error ? ` error: ${v.error}` : ''}`,
    );
    if (r.outbox) {
      out.push(
        `  outbox: ${fmt(r.outbox.unsentAtLoadEnd)} events unsent at the end of the load, ${fmt(r.outbox.unsentAfterWait)} after ${fmt(r.outbox.drainMs)} ms; ` +
          `JetStream stream holds ${fmt(r.outbox.streamMessages)} events`,
      );
    }
    out.push(`  ledger exit: code ${r.ledgerExit?.code ?? '-'} signal ${r.ledgerExit?.signal ?? '-'}`);
  }
  const errorRows = Object.entries(r.errors);
  const anyErrors = errorRows.filter(([, errors]) => Object.keys(errors).length > 0);
  out.push('', `Reply errors per phase: ${anyErrors.length === 0 ? 'none in any phase' : ''}`);
  for (const [phase, errors] of anyErrors) out.push(`  ${phase}: ${errorsText(errors)}`);

  if (r.targets.length > 0) {
    out.push('', 'Targets (measured, not asserted)');
    out.push(
      table([
        ['target', 'measured', 'met'],
        ...r.targets.map((t) => [t.target, t.measured, t.met ? 'yes' : 'NO']),
      ]),
    );
  }
  if (r.cpuProfileTop) {
    out.push('', `CPU profile of the ledger: ${r.cpuProfile}`);
    out.push(formatSummary(r.cpuProfileTop));
  }
  return out.join('\n');
}
