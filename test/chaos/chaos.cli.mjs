// `npm run chaos [-- --duration 5m] [--seed N]`: the chaos run (test/chaos/chaos.run.ts) for longer than the
// short version `npm test` runs, 3 minutes of chaos by default. It runs the same jest spec with
// CHAOS_DURATION_MS (and CHAOS_SEED) set, so the run, its summary and its checks are the ones the tests
// assert; every other CHAOS_* variable (docs/testing.md) passes through. Exits non-zero on any violation.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEFAULT_DURATION_MS = 180_000;
const UNITS_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

function usage(message) {
  if (message) process.stderr.write(`chaos: ${message}\n`);
  process.stderr.write('usage: npm run chaos [-- --duration <300s|5m|300000ms>] [--seed <whole number>]\n');
  process.exit(message ? 2 : 0);
}

/** "5m", "300s", "300000ms" or "300" (seconds) in milliseconds. */
function parseDuration(text) {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text ?? '');
  if (!match) usage(`--duration takes a time such as 300s or 5m (got ${JSON.stringify(text)})`);
  return Math.round(Number(match[1]) * UNITS_MS[match[2] ?? 's']);
}

const env = { ...process.env };
if (!env.CHAOS_DURATION_MS) env.CHAOS_DURATION_MS = String(DEFAULT_DURATION_MS);
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i += 1) {
  const [flag, inline] = args[i].split('=', 2);
  const value = () => inline ?? args[++i];
  if (flag === '--duration') env.CHAOS_DURATION_MS = String(parseDuration(value()));
  else if (flag === '--seed') env.CHAOS_SEED = value();
  else if (flag === '--help' || flag === '-h') usage();
  else usage(`unknown argument ${JSON.stringify(args[i])}`);
}

if (!existsSync(join(root, 'dist', 'services', 'ledger', 'main.js'))) {
  usage('the services are not built: run `npm run build` first (npm run chaos does)');
}
const jest = join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const child = spawn(
  process.execPath,
  [jest, '--runInBand', '--colors', join('test', 'chaos', 'chaos.e2e-spec.ts')],
  { cwd: root, env, stdio: 'inherit' },
);
// Ctrl-C reaches jest too (same process group): wait for it, its processes die with it (libs/testing).
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
