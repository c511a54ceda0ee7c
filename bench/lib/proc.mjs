// Child processes, ports, temp dirs and /proc readings for the benches. Plain Node, no dependencies.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, openSync, closeSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const children = new Set();
const tempDirs = new Set();

/** Kill whatever the bench started (by pid) and remove its temp dirs; runs on exit and on Ctrl-C. */
export function cleanupAll() {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }
  children.clear();
  if (process.env.BENCH_KEEP_TMP !== '1') {
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
    tempDirs.clear();
  }
}
process.on('exit', cleanupAll);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    cleanupAll();
    process.exit(130);
  });
}

export function makeTempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Spawn a child whose stdout and stderr go to a log file; it is SIGKILLed if the bench exits early.
 * Returns { child, pid, logPath, exited } where exited resolves with { code, signal }.
 */
export function spawnTracked(command, args, { env, cwd, logPath }) {
  const fd = openSync(logPath, 'a');
  const child = spawn(command, args, { env, cwd, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  children.add(child);
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    });
  });
  return { child, pid: child.pid, logPath, exited };
}

/** SIGTERM, then SIGKILL after graceMs; resolves with the exit once the child is gone. */
export async function stopTracked(proc, graceMs = 20_000) {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return proc.exited;
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), graceMs);
  const result = await proc.exited;
  clearTimeout(timer);
  return result;
}

export async function waitFor(what, check, { timeoutMs = 30_000, intervalMs = 50, proc } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc !== undefined && (proc.child.exitCode !== null || proc.child.signalCode !== null)) {
      throw new Error(
        `${what}: the process exited (${proc.child.exitCode ?? proc.child.signalCode}); see ${proc.logPath}\n${logTail(proc.logPath)}`,
      );
    }
    try {
      if (await check()) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${what}: not ready after ${timeoutMs} ms${proc ? `; see ${proc.logPath}\n${logTail(proc.logPath)}` : ''}`,
      );
    }
    await sleep(intervalMs);
  }
}

export function logTail(path, lines = 30) {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export async function httpStatus(url) {
  const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
  await response.arrayBuffer();
  return response.status;
}

/** Fields of /proc/<pid>/status in kB (VmRSS, VmHWM, ...), or null once the process is gone. */
export function procStatusKb(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const out = {};
    for (const line of text.split('\n')) {
      const match = /^(Vm\w+|Rss\w+):\s+(\d+) kB/.exec(line);
      if (match) out[match[1]] = Number(match[2]);
    }
    return out;
  } catch {
    return null;
  }
}

let clockTicks;
function clkTck() {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** CPU time (user + system, ms) a process has used so far, from /proc/<pid>/stat; null once gone. */
export function procCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After "pid (comm) ", field 3 (state) is index 0: utime is field 14 -> index 11, stime index 12.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clkTck();
  } catch {
    return null;
  }
}

/**
 * Time (ms) the process's main thread (for Node, the event loop) has run on a CPU and has waited,
 * runnable, for one (CPU contention), from /proc/<pid>/schedstat; null once gone.
 */
export function procSchedMs(pid) {
  try {
    const [runNs, waitNs] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
    return { runMs: runNs / 1e6, waitMs: waitNs / 1e6 };
  } catch {
    return null;
  }
}

/** CPU time (ms) all cores have been busy (not idle or iowait) since boot, from /proc/stat. */
export function systemCpu() {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const tick = 1000 / clkTck();
    return {
      busyMs: (user + nice + system + irq + softirq + steal) * tick,
      iowaitMs: iowait * tick,
      idleMs: idle * tick,
    };
  } catch {
    return null;
  }
}

/** Samples VmRSS of a pid every intervalMs; stop() returns { maxRssKb, samples }. */
export function sampleRss(pid, intervalMs = 250) {
  let maxRssKb = 0;
  let samples = 0;
  const tick = () => {
    const status = procStatusKb(pid);
    if (status?.VmRSS !== undefined) {
      samples += 1;
      if (status.VmRSS > maxRssKb) maxRssKb = status.VmRSS;
    }
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return {
    get maxRssKb() {
      return maxRssKb;
    },
    stop() {
      clearInterval(timer);
      tick();
      return { maxRssKb, samples, intervalMs };
    },
  };
}

/** The compiled credentials library (the bench runs after `npm run build`). */
export function busAuth() {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const require = createRequire(import.meta.url);
  require(join(root, 'dist', 'register-aliases.js'));
  return require('@ticketonomics/bus-auth');
}

/**
 * Starts a private nats-server with JetStream on a free port (never the shared one at 4222), closed like a
 * real deployment: every client connects with the credentials made in its directory (credentialsFile(user)).
 */
export async function startNatsServer({
  binary = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server',
} = {}) {
  const dir = makeTempDir('tk-bench-nats-');
  const auth = busAuth();
  const credentialsDir = join(dir, 'credentials');
  auth.ensureBusCredentials(credentialsDir);
  const configPath = join(dir, 'nats-server.conf');
  writeFileSync(configPath, 'include "credentials/auth.conf"\n');
  const credentialsFile = (user) => auth.credentialsPath(credentialsDir, user);
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    const logPath = join(dir, `nats-server-${attempt}.log`);
    const proc = spawnTracked(
      binary,
      ['-c', configPath, '-a', '127.0.0.1', '-p', String(port), '-js', '-sd', join(dir, 'js')],
      {
        env: process.env,
        logPath,
      },
    );
    try {
      await waitFor('nats-server', () => canConnect(port), { timeoutMs: 10_000, proc });
      return {
        ...proc,
        port,
        url: `nats://127.0.0.1:${port}`,
        dir,
        credentialsFile,
        authOptions: (user = 'operator') => auth.natsAuthOptions(credentialsFile(user)),
      };
    } catch (error) {
      await stopTracked(proc, 2_000);
      if (attempt >= 3 || !logTail(logPath).includes('address already in use')) throw error;
    }
  }
}

function canConnect(port) {
  return new Promise((resolve) => {
    import('node:net').then(({ connect }) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
  });
}
