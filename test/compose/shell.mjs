// Running commands for the compose test: every command has a time limit, long outputs go to a log file
// (whose tail is printed when the command fails), and a step's duration is printed when it ends.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, createWriteStream, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const FAILED_LOG_TAIL_LINES = 60;

export const say = (line) => process.stdout.write(`compose-test | ${line}\n`);
export const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

export class CommandError extends Error {
  constructor(message, result) {
    super(message);
    this.name = 'CommandError';
    this.result = result;
  }
}

/** The executable's path on PATH or in the sbin folders (a non-root PATH often lacks them), or undefined. */
export function which(name) {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin'];
  for (const dir of dirs) {
    if (!dir) continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** The command prefix that runs a program as root: nothing for root, sudo otherwise. */
export function asRoot(command, args) {
  if (process.getuid?.() === 0) return [command, args];
  if (which('sudo') === undefined) {
    throw new Error(`needs root to run ${command} ${args.join(' ')}: run as root or install sudo`);
  }
  return ['sudo', ['-n', command, ...args]];
}

/** Runs a short command and returns its output; `ok` tells whether it exited 0 within timeoutMs. */
export function capture(command, args, { timeoutMs = 60_000, env, cwd, input } = {}) {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    timeout: timeoutMs,
    env: env ?? process.env,
    cwd,
    input,
    maxBuffer: 64 * 1024 * 1024,
  });
  return {
    ok: result.status === 0,
    status: result.status,
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? (result.error ? String(result.error.message) : ''),
  };
}

/** capture(), but a failure throws with the command's own words. */
export function captureOrThrow(command, args, options) {
  const result = capture(command, args, options);
  if (!result.ok) {
    throw new CommandError(
      `${command} ${args.join(' ')} failed (exit ${result.status ?? 'timeout'}): ${result.stderr.trim() || result.stdout.trim()}`,
      result,
    );
  }
  return result.stdout;
}

/**
 * Runs a long command with its output appended to logFile (and shown, when `show` is set). Resolves when it
 * exits 0; rejects when it fails or outlives timeoutMs (it is then killed), printing the log's tail.
 */
export function runLogged(
  command,
  args,
  { logFile, timeoutMs, env, cwd, show = false, input, tailOnFailure = true },
) {
  return new Promise((resolve, reject) => {
    const log = createWriteStream(logFile, { flags: 'a' });
    log.write(`\n$ ${command} ${args.join(' ')}\n`);
    const child = spawn(command, args, {
      env: env ?? process.env,
      cwd,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (input !== undefined) child.stdin.end(input);
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk) => {
        log.write(chunk);
        if (show) process.stdout.write(chunk);
      });
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      log.end(() => reject(error));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      log.end(() => {
        if (code === 0) return resolve();
        const why = signal ? `was killed after ${timeoutMs / 1000} s` : `exited ${code}`;
        if (tailOnFailure) {
          const tail = readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-FAILED_LOG_TAIL_LINES);
          process.stdout.write(`${tail.map((line) => `  | ${line}`).join('\n')}\n`);
        }
        reject(new Error(`${command} ${args.slice(0, 6).join(' ')} ${why} (log: ${logFile})`));
      });
    });
  });
}

/** Times one step of the test and records it for the summary. */
export async function step(timings, name, body) {
  const startedAt = Date.now();
  say(`---- ${name}`);
  try {
    return await body();
  } finally {
    const seconds = (Date.now() - startedAt) / 1000;
    timings.push({ name, seconds });
    say(`---- ${name}: ${seconds.toFixed(1)} s`);
  }
}

/** Polls check() until it returns something other than undefined, or throws after timeoutMs. */
export async function waitUntil(description, timeoutMs, check, intervalMs = 1_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`${description}: not within ${timeoutMs / 1000} s${last ? ` (${last.message})` : ''}`);
    }
    await sleep(intervalMs);
  }
}
