// The built analytics service as the bench runs it: `node dist/services/analytics/main.js` on an empty data
// directory of its own, as an operator adds a replica (it takes store slot s0), optionally under
// --cpu-prof; and its progress as `tk.cmd.analytics.status.get` tells it.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  freePort,
  httpStatus,
  makeTempDir,
  procStatusKb,
  sampleRss,
  spawnTracked,
  waitFor,
} from '../lib/proc.mjs';

const SAMPLE_EVERY_MS = 250;
const READY_TIMEOUT_MS = 120_000;
const STATUS_TIMEOUT_MS = 10_000;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export async function launchAnalytics({ cfg, nats, logDir, root }) {
  const httpPort = await freePort();
  const dataDir = makeTempDir('tk-bench-analytics-');
  const nodeArgs = [];
  if (cfg.cpuProfDir) {
    mkdirSync(cfg.cpuProfDir, { recursive: true });
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${cfg.cpuProfDir}`);
  }
  const launchedAt = performance.now();
  const proc = spawnTracked(
    process.execPath,
    [...nodeArgs, join(root, 'dist', 'services', 'analytics', 'main.js')],
    {
      cwd: root,
      env: {
        ...process.env,
        ...cfg.analyticsEnv,
        NATS_URL: nats.url,
        NATS_CREDENTIALS_FILE: nats.credentialsFile('analytics'),
        DATA_DIR: dataDir,
        HTTP_PORT: String(httpPort),
        HTTP_HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
      },
      logPath: join(logDir, 'analytics.log'),
    },
  );
  return {
    proc,
    httpPort,
    launchedAt,
    /** Its store (slot s0: the first replica on an empty volume takes it). */
    storePath: join(dataDir, 'analytics-s0.sqlite'),
    rss: sampleRss(proc.pid, SAMPLE_EVERY_MS),
    async ready() {
      await waitFor(
        'analytics /readyz',
        async () => (await httpStatus(`http://127.0.0.1:${httpPort}/readyz`)) === 200,
        {
          proc,
          timeoutMs: READY_TIMEOUT_MS,
        },
      );
      return performance.now() - launchedAt;
    },
  };
}

/** The answering replica's status (one replica runs, so it is this bench's). */
export async function analyticsStatus(nc) {
  const msg = await nc.request('tk.cmd.analytics.status.get', encoder.encode('{}'), {
    timeout: STATUS_TIMEOUT_MS,
  });
  const reply = JSON.parse(decoder.decode(msg.data));
  if (!reply.ok) throw new Error(`status.get: ${reply.error?.code} ${reply.error?.message}`);
  return reply.data;
}

/**
 * Polls status.get every intervalMs until done(status); answers the last status, when it was seen (ms since
 * `since`) and the polls (progress and the process's RSS at each), to show memory stays flat as it goes.
 */
export async function pollStatus(nc, analytics, { since, done, intervalMs = 100, timeoutMs, log, label }) {
  const samples = [];
  const deadline = performance.now() + timeoutMs;
  let lastLog = performance.now();
  for (;;) {
    if (analytics.proc.child.exitCode !== null)
      throw new Error(`analytics exited; see ${analytics.proc.logPath}`);
    let status = null;
    try {
      status = await analyticsStatus(nc);
    } catch {
      // Not answering yet (starting), or busy past the timeout: poll again.
    }
    const at = performance.now();
    if (status !== null) {
      samples.push({
        ms: at - since,
        appliedSeq: status.appliedSeq,
        rssKb: procStatusKb(analytics.proc.pid)?.VmRSS ?? null,
      });
      if (done(status)) return { status, ms: at - since, samples };
      if (at - lastLog > 10_000) {
        lastLog = at;
        log(`${label}: ${status.appliedSeq} / ${status.streamLastSeq} applied`);
      }
    }
    if (at > deadline) throw new Error(`${label}: not done after ${timeoutMs} ms`);
    await sleep(intervalMs);
  }
}

/** RSS at a quarter, half, three quarters and all of the way, from pollStatus's samples. */
export function rssAlongTheWay(samples, targetSeq) {
  const out = {};
  for (const share of [0.25, 0.5, 0.75, 1]) {
    const sample = samples.find((s) => s.appliedSeq >= share * targetSeq);
    out[`${share * 100}%`] = sample?.rssKb ?? null;
  }
  return out;
}
