/**
 * The Nx workspace as a developer uses it: every project has lint, typecheck and test targets, and
 * `nx affected` picks the projects (and tasks) a change can break — the changed project, every project that
 * imports it, and the workspace's own project (the system tests in test/, which run every service).
 * Changed files are given with --files, so the answers do not depend on this checkout's git history.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const NX_TIMEOUT_MS = 120_000;
const SERVICES = [
  'accounts',
  'analytics',
  'api-gateway',
  'artifacts',
  'governance',
  'ledger',
  'telegram-gateway',
];
const LIBS = [
  'bus-auth',
  'contracts',
  'messaging',
  'partitions',
  'persistence',
  'runtime',
  'sdk',
  'telegram-emulator',
  'testing',
];
const TOOLS = ['demo'];
const WORKSPACE = 'ticketonomics';

/** Runs the workspace's own nx (no daemon, no cloud, plain output) and answers its stdout. */
function nx(...args: string[]): string {
  const run = spawnSync(process.execPath, [require.resolve('nx/bin/nx.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: NX_TIMEOUT_MS,
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' },
  });
  if (run.status !== 0)
    throw new Error(`nx ${args.join(' ')} failed (${run.status}):\n${run.stderr}${run.stdout}`);
  return run.stdout;
}

const affectedBy = (file: string): string[] =>
  (JSON.parse(nx('show', 'projects', '--affected', `--files=${file}`, '--json')) as string[]).sort();

describe('Nx projects and nx affected', () => {
  it('gives every project lint, typecheck and test targets that run commands', () => {
    const graph = JSON.parse(nx('graph', '--file=stdout')) as {
      graph: { nodes: Record<string, { data: { targets: Record<string, { executor: string }> } }> };
    };
    const nodes = graph.graph.nodes;
    expect(Object.keys(nodes).sort()).toEqual([...SERVICES, ...LIBS, ...TOOLS, WORKSPACE].sort());
    for (const [name, node] of Object.entries(nodes)) {
      for (const target of ['lint', 'typecheck', 'test']) {
        expect({ name, target, executor: node.data.targets[target]?.executor }).toEqual({
          name,
          target,
          executor: 'nx:run-commands',
        });
      }
    }
    expect(nodes[WORKSPACE]!.data.targets['build']?.executor).toBe('nx:run-commands');
  });

  it('finds a library change affects the library, the projects importing it and the system tests', () => {
    // libs/runtime is imported by every service and by no other library.
    expect(affectedBy('libs/runtime/src/config.ts')).toEqual(['runtime', ...SERVICES, WORKSPACE].sort());
    // Nothing imports a service: its change reaches only itself and the system tests.
    expect(affectedBy('services/ledger/src/main.ts')).toEqual(['ledger', WORKSPACE]);
    // The demo is a tool the workspace runs (`npm run demo`, checked by the system tests); the emulator
    // serves only the bot's tests.
    expect(affectedBy('tools/demo/src/demo.plan.ts')).toEqual(['demo', WORKSPACE]);
    expect(affectedBy('libs/telegram-emulator/src/update-queue.ts')).toEqual(
      ['telegram-emulator', 'telegram-gateway', WORKSPACE].sort(),
    );
    // Files of no library or service (test/, infra/) belong to the workspace's own project.
    expect(affectedBy('test/compose.e2e-spec.ts')).toEqual([WORKSPACE]);
    expect(affectedBy('infra/scripts/build.mjs')).toEqual([WORKSPACE]);
  });

  it('finds a change to a shared config (lint, test, compiler) affects every project', () => {
    const all = [...SERVICES, ...LIBS, ...TOOLS, WORKSPACE].sort();
    for (const file of ['eslint.config.mjs', 'jest.config.js', 'tsconfig.base.json']) {
      expect({ file, affected: affectedBy(file) }).toEqual({ file, affected: all });
    }
  });

  it('plans `nx affected -t lint test` as the affected projects lint and test, after one build', () => {
    const plan = JSON.parse(
      nx('affected', '-t', 'lint', 'test', '--files=libs/runtime/src/config.ts', '--graph=stdout'),
    ) as { tasks: { tasks: Record<string, unknown>; dependencies: Record<string, string[]> } };
    const expected = ['runtime', ...SERVICES, WORKSPACE].flatMap((project) => [
      `${project}:lint`,
      `${project}:test`,
    ]);
    expect(Object.keys(plan.tasks.tasks).sort()).toEqual([...expected, `${WORKSPACE}:build`].sort());
    // The suites that start built services get the build first.
    expect(plan.tasks.dependencies['ledger:test']).toEqual([`${WORKSPACE}:build`]);
  });

  it('runs a project target for real: lint of one library', () => {
    const output = nx('run', 'bus-auth:lint', '--skip-nx-cache');
    expect(output).toContain('eslint libs/bus-auth --max-warnings=0');
    expect(output).toContain('All matched files use Prettier code style!');
    expect(output).toContain('Successfully ran target lint for project bus-auth');
  });
});
