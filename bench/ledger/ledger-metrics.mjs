// What the ledger's /metrics tells the bench: commit groups per measured window and the events backlog.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** Generous: a large commit group blocks the ledger's event loop (and /metrics) for seconds. */
const METRICS_TIMEOUT_MS = 10_000;
const DRAIN_POLL_MS = 100;

async function scrapeMetrics(httpPort) {
  try {
    const response = await fetch(`http://127.0.0.1:${httpPort}/metrics`, {
      signal: AbortSignal.timeout(METRICS_TIMEOUT_MS),
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
      eventsBacklog: pick('ledger_events_unpublished_groups'),
    };
  } catch {
    return null;
  }
}

/** Commit-queue figures over a measured window: average group size and events backlog (journal groups) at its end. */
export function commitWindow(httpPort) {
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
        eventsBacklogAtEnd: last.eventsBacklog,
      };
    },
  };
}

/**
 * Wait until the ledger has published every group's events to JetStream, so the next phase does
 * not pay for this one's events. Returns { ms, unsentAtStart, unsentAtEnd }.
 */
export async function drainEvents(httpPort, timeoutMs) {
  const started = performance.now();
  let metrics = await scrapeMetrics(httpPort);
  const unsentAtStart = metrics?.eventsBacklog ?? null;
  while (metrics?.eventsBacklog > 0 && performance.now() - started < timeoutMs) {
    await sleep(DRAIN_POLL_MS);
    metrics = await scrapeMetrics(httpPort);
  }
  return { ms: performance.now() - started, unsentAtStart, unsentAtEnd: metrics?.eventsBacklog ?? null };
}

/** Ledger CPU time per transfer (µs): robust to other load on the machine, unlike the rates. */
export function cpuUsPerTransfer(row, rate) {
  const cpu = row.cpuPercent?.ledger;
  return cpu === undefined || !rate ? null : ((cpu / 100) * 1e6) / rate;
}
