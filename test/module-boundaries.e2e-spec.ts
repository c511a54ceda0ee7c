/**
 * The lint keeps each thing in its own house: the test harnesses and the Telegram Bot API emulator
 * (type:testing) and the demo's simulated community (type:tool) never reach a service's or a library's own
 * code; specs and the workspace's tests may use them. The SDK (type:sdk) imports no workspace library. Each file is linted as the workspace's real ESLint
 * config would lint it at that path (the file itself is never written).
 */
import { findRepoRoot } from '@ticketonomics/testing';
import { spawnSync } from 'node:child_process';

const root = findRepoRoot();
const LINT_TIMEOUT_MS = 120_000;
const BOUNDARY_RULE = '@nx/enforce-module-boundaries';

interface Probe {
  filePath: string;
  imports: string;
}

/** Lints each probe's one import in one ESLint run (the config is ESM, so it runs in a child process). */
function boundaryFindings(probes: Probe[]): string[][] {
  const script = `
    import { ESLint } from 'eslint';
    const probes = JSON.parse(process.argv[1]);
    const eslint = new ESLint({ cwd: process.cwd() });
    const findings = [];
    for (const { filePath, imports } of probes) {
      const code = "import * as probe from '" + imports + "';\\nexport const used = probe;\\n";
      const [result] = await eslint.lintText(code, { filePath });
      findings.push(result.messages.filter((m) => m.ruleId === '${BOUNDARY_RULE}').map((m) => m.message));
    }
    process.stdout.write(JSON.stringify(findings));
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(probes)], {
    cwd: root,
    encoding: 'utf8',
    timeout: LINT_TIMEOUT_MS,
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
  if (run.status !== 0) throw new Error(`eslint probe failed (${run.status}):\n${run.stderr}${run.stdout}`);
  return JSON.parse(run.stdout) as string[][];
}

describe('module boundaries by Nx tags', () => {
  it('refuses the emulator, the demo and the harnesses in production code, and allows them in tests', () => {
    const refused: Probe[] = [
      { filePath: 'services/telegram-gateway/src/bot/probe.ts', imports: '@ticketonomics/telegram-emulator' },
      { filePath: 'services/api-gateway/src/dashboard/probe.ts', imports: '@ticketonomics/demo' },
      { filePath: 'services/ledger/src/probe.ts', imports: '@ticketonomics/testing' },
      { filePath: 'libs/runtime/src/probe.ts', imports: '@ticketonomics/telegram-emulator' },
      { filePath: 'tools/demo/src/probe.ts', imports: '@ticketonomics/testing' },
      // The SDK is published for outside clients: not even the contracts.
      { filePath: 'libs/sdk/src/probe.ts', imports: '@ticketonomics/contracts' },
    ];
    const allowed: Probe[] = [
      {
        filePath: 'services/telegram-gateway/test/probe.e2e-spec.ts',
        imports: '@ticketonomics/telegram-emulator',
      },
      {
        filePath: 'services/telegram-gateway/src/bot/probe.spec.ts',
        imports: '@ticketonomics/telegram-emulator',
      },
      { filePath: 'tools/demo/src/probe.ts', imports: '@ticketonomics/messaging' },
      { filePath: 'test/probe.e2e-spec.ts', imports: '@ticketonomics/demo' },
      { filePath: 'services/api-gateway/test/probe.e2e-spec.ts', imports: '@ticketonomics/sdk' },
    ];
    const findings = boundaryFindings([...refused, ...allowed]);

    refused.forEach((probe, index) => {
      expect({
        ...probe,
        refused: findings[index]!.some((m) => /can only depend on libs tagged/.test(m)),
      }).toEqual({
        ...probe,
        refused: true,
      });
    });
    allowed.forEach((probe, index) => {
      expect({ ...probe, findings: findings[refused.length + index] }).toEqual({ ...probe, findings: [] });
    });
  });
});
