// (b) A fresh analytics replica on an empty data directory follows the stream from its first event; the
// time from its process start to status.get answering lag 0 is the catch-up, as an operator meets it.
import { statSync } from 'node:fs';
import { cpuMeter } from '../../lib/load.mjs';
import { procStatusKb } from '../../lib/proc.mjs';
import { launchAnalytics, pollStatus, rssAlongTheWay } from '../analytics-process.mjs';

function fileSize(path) {
  let total = 0;
  for (const suffix of ['', '-wal']) {
    try {
      total += statSync(path + suffix).size;
    } catch {
      // no WAL after a checkpoint
    }
  }
  return total;
}

/** Answers { analytics (still running, for the next phases), result }. */
export async function runCatchUp(ctx) {
  const { cfg, nc, nats, log, streamLastSeq } = ctx;
  log(`catch-up: a fresh analytics replica applies ${streamLastSeq} events`);
  const analytics = await launchAnalytics(ctx);
  const meter = cpuMeter({ analytics: analytics.proc.pid, nats: nats.pid });
  meter.start();
  const readyMsPromise = analytics.ready();
  const polled = await pollStatus(nc, analytics, {
    since: analytics.launchedAt,
    done: (status) => status.appliedSeq >= streamLastSeq,
    timeoutMs: cfg.catchUpTimeoutMs,
    log,
    label: 'catch-up',
  });
  const cpu = meter.stop();
  const readyMs = await readyMsPromise;
  const status = procStatusKb(analytics.proc.pid);
  const { status: final, ms } = polled;
  const firstApplied = polled.samples.find((sample) => sample.appliedSeq > 0);
  return {
    analytics,
    result: {
      events: final.appliedSeq,
      eventsApplied: final.eventsApplied,
      eventsMalformed: final.eventsMalformed,
      lag: final.lag,
      msFromProcessStart: ms,
      readyMs,
      eventsPerSec: (final.appliedSeq * 1000) / ms,
      // From the first status that showed events applied: the applying alone, without the process start.
      eventsPerSecApplying:
        firstApplied === undefined
          ? null
          : ((final.appliedSeq - firstApplied.appliedSeq) * 1000) / (ms - firstApplied.ms),
      maxRssKb: analytics.rss.maxRssKb,
      hwmKb: status?.VmHWM ?? null,
      rssAlongTheWay: rssAlongTheWay(polled.samples, streamLastSeq),
      storeBytes: fileSize(analytics.storePath),
      cpuPercent: cpu,
    },
  };
}
