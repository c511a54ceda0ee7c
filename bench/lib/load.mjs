// Load generators: closed-loop (N requester loops) and open-loop (fixed schedule), with latency stats.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { procCpuMs, procSchedMs, systemCpu } from './proc.mjs';

/** p50/p99/max/mean of latencies in ms. */
export function summarize(latencies) {
  const sorted = Float64Array.from(latencies).sort();
  const n = sorted.length;
  const at = (q) => (n === 0 ? null : sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))]);
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    count: n,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: n === 0 ? null : sorted[n - 1],
    mean: n === 0 ? null : sum / n,
  };
}

/** An error thrown by the client (timeout, no responders) as an error code for the counts. */
export function clientErrorCode(error) {
  // nats.js names its errors (TimeoutError); "no responders" is a RequestError caused by NoRespondersError.
  const named = error?.name === 'RequestError' && error.cause?.name ? error.cause.name : error?.name;
  const code = error?.code ?? named ?? 'UNKNOWN';
  return `CLIENT_${String(code).toUpperCase()}`;
}

function addErrors(into, codes) {
  for (const code of codes) into[code] = (into[code] ?? 0) + 1;
}

/**
 * CPU use (% of one core) of the given processes between start() and stop(); the bench itself is
 * measured with process.cpuUsage().
 */
/** CPU ms of one process, or summed over several (a NATS cluster's nodes); null once any is gone. */
function cpuMsOf(pid) {
  if (!Array.isArray(pid)) return procCpuMs(pid);
  const each = pid.map(procCpuMs);
  return each.includes(null) ? null : each.reduce((a, b) => a + b, 0);
}

/** Main-thread run and runnable-wait ms, summed like cpuMsOf. */
function schedMsOf(pid) {
  if (!Array.isArray(pid)) return procSchedMs(pid);
  const each = pid.map(procSchedMs);
  if (each.includes(null)) return null;
  return each.reduce((a, b) => ({ runMs: a.runMs + b.runMs, waitMs: a.waitMs + b.waitMs }));
}

export function cpuMeter(pids) {
  let startAt;
  let startCpu;
  let startSelf;
  let startSystem;
  let startSched;
  return {
    start() {
      startAt = performance.now();
      startSystem = systemCpu();
      startCpu = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuMsOf(pid)]));
      startSched = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, schedMsOf(pid)]));
      startSelf = process.cpuUsage();
    },
    stop() {
      const wallMs = performance.now() - startAt;
      const out = {};
      for (const [name, pid] of Object.entries(pids)) {
        const now = cpuMsOf(pid);
        if (now !== null && startCpu[name] !== null) out[name] = (100 * (now - startCpu[name])) / wallMs;
        // % of the window the main thread was runnable but waiting for a CPU (taken by other processes).
        const sched = schedMsOf(pid);
        if (sched !== null && startSched[name] !== null)
          out[`${name}RunqWait`] = (100 * (sched.waitMs - startSched[name].waitMs)) / wallMs;
      }
      const self = process.cpuUsage(startSelf);
      out.bench = (100 * (self.user + self.system)) / 1000 / wallMs;
      // The whole machine, in % of one core (2 cores = 200%), and what is not ours (other work on the box).
      const system = systemCpu();
      if (system && startSystem) {
        out.machine = (100 * (system.busyMs - startSystem.busyMs)) / wallMs;
        const ours = Object.keys(pids).reduce((sum, name) => sum + (out[name] ?? 0), out.bench);
        out.other = Math.max(0, out.machine - ours);
      }
      return out;
    },
  };
}

/**
 * Closed loop: `concurrency` async loops each await send() and send again. Requests that complete in the
 * measured window (after the warm-up) count; errors are counted over the whole phase.
 * send() resolves to { units, errors: string[] } (units = transfers done by that request).
 */
export async function closedLoop({ concurrency, warmupMs, durationMs, send, pids = {}, onWindow }) {
  const latencies = [];
  const errors = {};
  let requests = 0;
  let units = 0;
  let total = 0;
  const meter = cpuMeter(pids);
  const t0 = performance.now();
  const measureFrom = t0 + warmupMs;
  const measureTo = measureFrom + durationMs;
  const windowStart = sleep(warmupMs).then(async () => {
    meter.start();
    await onWindow?.('start');
  });
  let cpu;
  const windowEnd = sleep(warmupMs + durationMs).then(async () => {
    cpu = meter.stop();
    await onWindow?.('end');
  });

  const loop = async (index) => {
    while (performance.now() < measureTo) {
      const start = performance.now();
      let result;
      try {
        result = await send(index);
      } catch (error) {
        result = { units: 0, errors: [clientErrorCode(error)] };
      }
      const end = performance.now();
      total += 1;
      addErrors(errors, result.errors);
      if (end >= measureFrom && end < measureTo) {
        latencies.push(end - start);
        requests += 1;
        units += result.units;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, index) => loop(index)));
  await windowStart;
  await windowEnd;
  return {
    concurrency,
    durationMs,
    requests,
    requestsPerSec: (requests * 1000) / durationMs,
    units,
    unitsPerSec: (units * 1000) / durationMs,
    latencyMs: summarize(latencies),
    errors,
    requestsTotal: total,
    cpuPercent: cpu,
  };
}

/**
 * Open loop: request i is due at start + i/rate, sent when due whether or not earlier ones were
 * answered; latency is measured from the due time, so a stall shows up in the latency (no coordinated
 * omission). Requests due in the measured window count.
 */
export async function openLoop({ rate, warmupMs, durationMs, send, pids = {}, tickMs = 1, onWindow }) {
  const intervalMs = 1000 / rate;
  const totalDue = Math.ceil(((warmupMs + durationMs) * rate) / 1000);
  const latencies = [];
  const errors = {};
  const meter = cpuMeter(pids);
  const start = performance.now() + 10;
  const measureFrom = start + warmupMs;
  const measureTo = measureFrom + durationMs;
  let sent = 0;
  let answeredInWindow = 0;
  let okDueInWindow = 0;
  let dueInWindow = 0;
  let maxSendLagMs = 0;
  let maxOutstanding = 0;
  let outstanding = 0;
  const pending = new Set();
  let cpu;
  let windowStarted = false;
  let windowEnded = false;

  const fire = (due) => {
    const inWindow = due >= measureFrom && due < measureTo;
    if (inWindow) dueInWindow += 1;
    outstanding += 1;
    if (outstanding > maxOutstanding) maxOutstanding = outstanding;
    const work = (async () => {
      let result;
      try {
        result = await send(sent);
      } catch (error) {
        result = { units: 0, errors: [clientErrorCode(error)] };
      }
      const end = performance.now();
      outstanding -= 1;
      addErrors(errors, result.errors);
      if (end >= measureFrom && end < measureTo) answeredInWindow += 1;
      if (inWindow) {
        latencies.push(end - due);
        if (result.errors.length === 0) okDueInWindow += 1;
      }
    })();
    pending.add(work);
    void work.finally(() => pending.delete(work));
  };

  await sleep(Math.max(0, start - performance.now()));
  while (sent < totalDue) {
    const now = performance.now();
    if (!windowStarted && now >= measureFrom) {
      windowStarted = true;
      meter.start();
      await onWindow?.('start');
    }
    while (sent < totalDue && start + sent * intervalMs <= now) {
      const due = start + sent * intervalMs;
      if (now - due > maxSendLagMs) maxSendLagMs = now - due;
      sent += 1;
      fire(due);
    }
    await sleep(tickMs);
  }
  while (performance.now() < measureTo) await sleep(tickMs);
  if (!windowEnded) {
    windowEnded = true;
    cpu = meter.stop();
    await onWindow?.('end');
  }
  while (pending.size > 0) await Promise.all([...pending]);
  return {
    targetRate: rate,
    durationMs,
    sentInWindow: dueInWindow,
    achievedRate: (answeredInWindow * 1000) / durationMs,
    okRate: (okDueInWindow * 1000) / durationMs,
    latencyMs: summarize(latencies),
    maxSendLagMs,
    maxOutstanding,
    errors,
    cpuPercent: cpu,
  };
}
