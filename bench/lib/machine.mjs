// What the bench ran on and how busy it was: printed with every report, since the figures mean little
// without them.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { systemCpu } from './proc.mjs';

export function loadAvg() {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  } catch {
    return null;
  }
}

/** % of one core the whole machine used over the next ms milliseconds (before the bench starts anything). */
export async function machineBusy(ms) {
  const start = systemCpu();
  const t0 = performance.now();
  await sleep(ms);
  const end = systemCpu();
  return start && end ? (100 * (end.busyMs - start.busyMs)) / (performance.now() - t0) : null;
}

export function machine() {
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
