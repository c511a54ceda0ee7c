// One measured burst: the emulator takes `count` user messages at once (as a busy Telegram would hand
// them over), then the bench waits until `progress()` reaches `count` or the phase times out. Around it:
// the CPU each process used and the command requests the burst caused.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { procCpuMs } from '../lib/proc.mjs';
import { commandsBetween } from './bus-watch.mjs';

const POLL_MS = 5;

function cpuOf(pids) {
  return Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, procCpuMs(pid)]));
}

/** Percentiles (ms) of a list of latencies; null when empty. */
export function percentiles(values) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] };
}

/**
 * send(i) posts message i in the emulator; progress() answers how many have arrived where the phase
 * counts them. Answers the figures of the burst; `done` is how many arrived before the timeout.
 */
export async function runBurst({ count, send, progress, pids, watch, timeoutMs }) {
  const cpuBefore = cpuOf(pids);
  const commandsBefore = watch?.commandCounts();
  const startedAt = performance.now();
  const sentAt = new Array(count);
  for (let i = 0; i < count; i += 1) sentAt[i] = { at: performance.now(), message: send(i) };
  const injectedMs = performance.now() - startedAt;
  let done = progress();
  while (done < count && performance.now() - startedAt < timeoutMs) {
    await sleep(POLL_MS);
    done = progress();
  }
  const elapsedMs = performance.now() - startedAt;
  const cpuAfter = cpuOf(pids);
  const cpu = {};
  for (const name of Object.keys(pids)) {
    const used =
      cpuAfter[name] !== null && cpuBefore[name] !== null ? cpuAfter[name] - cpuBefore[name] : null;
    cpu[name] = used === null ? null : { ms: used, percentOfOneCore: (100 * used) / elapsedMs };
  }
  const commands = watch ? commandsBetween(commandsBefore, watch.commandCounts()) : {};
  const requests = Object.values(commands).reduce((sum, n) => sum + n, 0);
  return {
    count,
    done,
    complete: done >= count,
    injectedMs,
    elapsedMs,
    perSecond: (1000 * done) / elapsedMs,
    cpu,
    commands,
    requestsPerMessage: requests / count,
    sentAt,
  };
}
