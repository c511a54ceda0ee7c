// (c) `npm run analytics:rebuild` against the caught-up replica: the script asks it to empty its models and
// follow the stream from its first event again, and watches it. The bench times it from the script's start
// to status.get showing the rebuild done (polled every 100 ms, finer than the script's own second).
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { cpuMeter } from '../../lib/load.mjs';
import { procStatusKb, spawnTracked } from '../../lib/proc.mjs';
import { pollStatus, rssAlongTheWay } from '../analytics-process.mjs';

export async function runRebuild(ctx, analytics) {
  const { cfg, nc, nats, log, root, logDir } = ctx;
  log('rebuild: npm run analytics:rebuild');
  const meter = cpuMeter({ analytics: analytics.proc.pid, nats: nats.pid });
  meter.start();
  const started = performance.now();
  // What `npm run analytics:rebuild` runs, without npm's own start-up in the figure.
  const script = spawnTracked(
    process.execPath,
    ['-r', './dist/register-aliases.js', 'dist/services/analytics/src/rebuild/rebuild.cli.js'],
    {
      cwd: root,
      env: { ...process.env, NATS_URL: nats.url, NATS_CREDENTIALS_FILE: nats.credentialsFile('operator') },
      logPath: join(logDir, 'analytics-rebuild.log'),
    },
  );
  const polled = await pollStatus(nc, analytics, {
    since: started,
    done: (status) =>
      status.rebuildStartedAt !== null &&
      !status.rebuilding &&
      status.appliedSeq >= (status.rebuildTargetSeq ?? Infinity),
    timeoutMs: cfg.catchUpTimeoutMs,
    log,
    label: 'rebuild',
  });
  const cpu = meter.stop();
  const exit = await script.exited;
  const scriptMs = performance.now() - started;
  const { status, ms } = polled;
  return {
    targetSeq: status.rebuildTargetSeq,
    eventsApplied: status.eventsApplied,
    eventsMalformed: status.eventsMalformed,
    ms,
    eventsPerSec: (status.rebuildTargetSeq * 1000) / ms,
    scriptExit: exit.code,
    scriptMs,
    hwmKb: procStatusKb(analytics.proc.pid)?.VmHWM ?? null,
    rssAlongTheWay: rssAlongTheWay(polled.samples, status.rebuildTargetSeq),
    cpuPercent: cpu,
  };
}
