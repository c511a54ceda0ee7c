/**
 * The documentation's commands, run as written against the system as `npm run demo` runs it: the README's
 * shell blocks (the API key made by its own command, its curl calls, the addresses it tells the reader to
 * open), docs/http-api.md's examples, and docs/nats.md's Node snippet and `nats` CLI examples. A command
 * added to the README that this test does not know fails it, so no command in the README goes untried.
 */
import { findRepoRoot, makeTempDir, removeDir, waitFor } from '@ticketonomics/testing';
import { execFile } from 'node:child_process';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSystem, type RunningSystem } from './support/system.harness';

const root = findRepoRoot();
const README = readFileSync(join(root, 'README.md'), 'utf8');
const NATS_DOC = readFileSync(join(root, 'docs', 'nats.md'), 'utf8');
const HTTP_DOC = readFileSync(join(root, 'docs', 'http-api.md'), 'utf8');
/** The README's addresses use the gateway's default port; the test's gateway has its own free port. */
const README_GATEWAY = 'http://127.0.0.1:3000';
const COMMAND_TIMEOUT_MS = 30_000;
const DEMO_READY_TIMEOUT_MS = 60_000;

/** The fenced code blocks of a page in a language, in order. */
function codeBlocks(markdown: string, language: string): string[] {
  const pattern = new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\`$`, 'gm');
  return [...markdown.matchAll(pattern)].map((match) => match[1]!);
}

/** A page's shell commands: continuation lines joined, comments and blank lines dropped. */
function shellCommands(markdown: string): string[] {
  return codeBlocks(markdown, 'sh')
    .flatMap((block) => block.replace(/\\\n\s*/g, '').split('\n'))
    .map((line) => line.replace(/(^|\s+)#\s.*$/, '').trim())
    .filter((line) => line !== '');
}

type Json = Record<string, unknown>;

/**
 * Every command in the README's shell blocks, in order, with how this test covers it. `ci`: run by .ci/run,
 * the CI's entry point (and checked to be there). `script`: `npm run build && node infra/scripts/<name>.mjs`
 * (checked in package.json); `npm test` builds first, and the demo script runs here. `shell`: run as
 * written, in bash, against the running demo, and its output checked. `compose`: run by `npm run
 * test:compose` (.ci/run), whose scaled run uses the same `--scale` flags (checked against test/compose/scale.mjs).
 */
const README_COMMANDS: Array<
  | { command: string; ci: true }
  | { command: string; compose: 'up' | 'scale' }
  | { command: string; script: 'start' | 'demo' }
  | { command: string; shell: (output: string) => void }
> = [
  { command: 'npm ci', ci: true },
  { command: 'npm start', script: 'start' },
  { command: 'npm test', ci: true },
  { command: 'npm run demo', script: 'demo' },
  {
    command:
      'KEY=$(npm run --silent apikey -- create --community demo-town --name "Game server" --scopes read,transfer,reward | tail -n 1)',
    shell: (output) => expect(output).toBe(''),
  },
  {
    command: 'curl -H "Authorization: Bearer $KEY" http://127.0.0.1:3000/v1/key',
    shell: (output) =>
      expect(JSON.parse(output)).toMatchObject({
        communityId: 'demo-town',
        scopes: ['read', 'transfer', 'reward'],
      }),
  },
  {
    command:
      'curl -H "Authorization: Bearer $KEY" "http://127.0.0.1:3000/v1/communities/demo-town/leaderboard?board=holders&limit=3"',
    shell: (output) => {
      const answer = JSON.parse(output) as { board: string; items: Array<{ value: number }> };
      expect(answer.board).toBe('holders');
      expect(answer.items).toHaveLength(3);
      for (const item of answer.items) expect(item.value).toBeGreaterThan(0);
    },
  },
  { command: 'docker compose up -d --build', compose: 'up' },
  {
    command:
      'docker compose up -d --scale ledger=3 --scale accounts=2 --scale artifacts=2 --scale analytics=2 --scale governance=2 --scale api-gateway=3 --scale telegram-gateway=2',
    compose: 'scale',
  },
];

/**
 * What each curl of docs/http-api.md's examples answers, in order, the first time the block runs. The prize
 * is seen in the balance and the history that follow it.
 */
const HTTP_EXAMPLE_ANSWERS: Array<Json | 'checked by what follows'> = [
  { user: { displayName: 'Steve' }, membership: { communityId: 'demo-town', status: 'active' } },
  'checked by what follows',
  { transfer: { amount: 10, code: 'payment', memo: 'trade' } },
  { balance: 40 },
  { items: [{ amount: 10 }, { amount: 50, code: 'mint', memo: 'won match 8812' }], nextCursor: null },
  { board: 'earners-week' },
];

/**
 * Runs commands in one bash session, each output preceded by a marker; resolves with the outputs in order.
 * The README's gateway address is the test's.
 */
async function runInSession(
  commands: string[],
  gateway: string,
  options: { cwd: string; env: NodeJS.ProcessEnv },
) {
  const script = commands
    .map((command, index) => `printf '\\n@@%d@@\\n' ${index}\n${command.split(README_GATEWAY).join(gateway)}`)
    .join('\n');
  const result = await bash(script, options);
  // curl shows a progress meter when its output is not a terminal, as here: nothing else may be said.
  const stderr = result.stderr
    .split('\n')
    .filter((line) => !/% Total|Dload|--:--:--/.test(line))
    .join('\n');
  expect({ code: result.code, stderr }).toEqual({ code: 0, stderr: '' });
  const outputs = result.stdout.split(/\n@@\d+@@\n/).slice(1);
  expect(outputs).toHaveLength(commands.length);
  return outputs;
}

/** Runs a bash script; resolves with its exit code and output whatever happens. */
function bash(script: string, options: { cwd: string; env: NodeJS.ProcessEnv }) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile('bash', ['-c', script], { ...options, timeout: COMMAND_TIMEOUT_MS }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }),
    );
  });
}

/** A bus client as the harness makes it, whichever NATS client library that is. */
type BusClient = Awaited<ReturnType<RunningSystem['connect']>>;

async function request(nc: BusClient, subject: string, payload: string): Promise<Json> {
  const reply = await nc.request(subject, new TextEncoder().encode(payload), { timeout: 5_000 });
  return JSON.parse(new TextDecoder().decode(reply.data)) as Json;
}

describe('the README and docs/, as written', () => {
  it('lists only commands this test runs, each once and in order', () => {
    expect(shellCommands(README)).toEqual(README_COMMANDS.map((entry) => entry.command));
  });

  it('leaves the commands it does not run here to .ci/run and package.json, which run them', () => {
    const ci = readFileSync(join(root, '.ci', 'run'), 'utf8').split('\n');
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Json)['scripts'] as Json;
    for (const entry of README_COMMANDS) {
      if ('ci' in entry) expect(ci).toContain(entry.command);
      if ('script' in entry) {
        expect(scripts[entry.command.replace(/^npm (run )?/, '')]).toBe(
          `npm run build && node infra/scripts/${entry.script}.mjs`,
        );
      }
    }
    expect(ci).toContain('npm run test:compose');
    expect(scripts['test:compose']).toBe('node test/compose/run.mjs');
    const scaledOut = /export const SCALED_OUT = \{([^}]*)\}/.exec(
      readFileSync(join(root, 'test', 'compose', 'scale.mjs'), 'utf8'),
    )?.[1];
    const composeScale = Object.fromEntries(
      [...(scaledOut ?? '').matchAll(/'?([a-z-]+)'?: (\d+)/g)].map((match) => [match[1], Number(match[2])]),
    );
    for (const entry of README_COMMANDS) {
      if (!('compose' in entry) || entry.compose !== 'scale') continue;
      const flags = [...entry.command.matchAll(/--scale ([a-z-]+)=(\d+)/g)];
      expect(Object.fromEntries(flags.map((match) => [match[1], Number(match[2])]))).toEqual(composeScale);
    }
    expect(scripts['test']).toMatch(/^npm run build && /);
    const ports = JSON.parse(readFileSync(join(root, 'infra', 'service-ports.json'), 'utf8')) as Json;
    expect(`http://127.0.0.1:${String(ports['api-gateway'])}`).toBe(README_GATEWAY);
  });

  describe('against npm run demo', () => {
    let system: RunningSystem;
    let gateway: string;
    /** The reader's folder for docs/nats.md: `data` is the system's DATA_DIR, as `npm start` makes it. */
    let folder: string;

    beforeAll(async () => {
      system = await startSystem({
        script: 'demo',
        env: { DEMO_SEED: '7', DEMO_ACTIONS_PER_SECOND: '5' },
      });
      gateway = `http://127.0.0.1:${system.httpPorts['api-gateway']}`;
      // As the reader does: wait for the demo to print the dashboard's address, with its holders counted.
      await waitFor(
        async () => {
          const response = await fetch(`${gateway}/public/communities/demo-town/leaderboard`);
          if (response.status !== 200) return false;
          const body = (await response.json()) as { items?: unknown[] };
          return (body.items?.length ?? 0) >= 3;
        },
        { timeoutMs: DEMO_READY_TIMEOUT_MS, intervalMs: 500, description: 'the demo town and its holders' },
      );
      folder = await makeTempDir('ticketonomics-reader-');
      symlinkSync(system.dataDir, join(folder, 'data'));
      symlinkSync(join(root, 'node_modules'), join(folder, 'node_modules'));
    }, 150_000);

    afterAll(async () => {
      await system?.stop();
      if (folder !== undefined) await removeDir(folder);
    });

    it("runs the README's shell commands: the key its command makes works, and each answer is the one it describes", async () => {
      const shell = README_COMMANDS.filter((entry) => 'shell' in entry);
      const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: system.dataDir };
      for (const name of ['NATS_URL', 'NATS_CREDENTIALS_FILE', 'KEY']) delete env[name];
      const outputs = await runInSession(
        shell.map((entry) => entry.command),
        gateway,
        { cwd: root, env },
      );
      shell.forEach((entry, index) => entry.shell(outputs[index]!));
    });

    it("runs docs/http-api.md's examples as written: players registered, a prize, a payment, the figures", async () => {
      const block = codeBlocks(HTTP_DOC, 'sh').filter((text) => text.includes(`API=${README_GATEWAY}/v1/`));
      expect(block).toHaveLength(1);
      const commands = shellCommands(`\`\`\`sh\n${block[0]!}\`\`\`\n`);
      const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: system.dataDir };
      for (const name of ['NATS_URL', 'NATS_CREDENTIALS_FILE', 'KEY', 'API']) delete env[name];
      const outputs = await runInSession(commands, gateway, { cwd: root, env });
      const answers = commands.flatMap((command, index) =>
        command.startsWith('curl ') ? [JSON.parse(outputs[index]!) as Json] : [],
      );
      expect(answers).toHaveLength(HTTP_EXAMPLE_ANSWERS.length);
      answers.forEach((answer, index) => {
        const expected = HTTP_EXAMPLE_ANSWERS[index]!;
        expect(answer).not.toHaveProperty('error');
        if (expected !== 'checked by what follows') expect(answer).toMatchObject(expected);
      });
      for (const [index, command] of commands.entries()) {
        if (!command.startsWith('curl '))
          expect({ command, output: outputs[index] }).toEqual({ command, output: '' });
      }
    });

    it('answers every address the README tells the reader to open', async () => {
      const withoutCode = README.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '');
      const addresses = [...withoutCode.matchAll(/http:\/\/127\.0\.0\.1:3000\/[^\s;:)`"]*/g)].map((match) =>
        match[0].replace(/[.,]$/, ''),
      );
      expect(addresses).toEqual(
        expect.arrayContaining([`${README_GATEWAY}/docs`, `${README_GATEWAY}/dashboard/demo-town`]),
      );
      for (const address of addresses) {
        const response = await fetch(address.replace(README_GATEWAY, gateway));
        expect({ address, status: response.status }).toEqual({ address, status: 200 });
      }
    });

    it("runs docs/nats.md's Node snippet as the page says: saved as supply.mjs in the project's folder", async () => {
      const snippets = codeBlocks(NATS_DOC, 'js');
      expect(snippets).toHaveLength(1);
      writeFileSync(join(folder, 'supply.mjs'), snippets[0]!);
      const env: NodeJS.ProcessEnv = { ...process.env };
      for (const name of ['NATS_URL', 'NATS_CREDENTIALS_FILE', 'DATA_DIR']) delete env[name];
      const result = await bash('node supply.mjs', { cwd: folder, env });
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
      expect(result.stdout).toMatch(/ok: true/);
      expect(result.stdout).toMatch(/communityId: 'demo-town'/);
      expect(result.stdout).toMatch(/supply: [1-9]/);
    });

    it("prepares the nats CLI's seed file as docs/nats.md says, and every tkreq example in docs/ is answered ok", async () => {
      const commands = shellCommands(NATS_DOC);
      const seedLine = commands.find((command) => command.startsWith('sed '));
      const alias = commands.find((command) => command.startsWith('alias tkreq='));
      expect(seedLine).toBeDefined();
      const prepared = await bash(seedLine!, { cwd: folder, env: process.env });
      expect(prepared).toMatchObject({ code: 0, stderr: '' });
      const creds = readFileSync(join(system.credentialsDir, 'operator.creds'), 'utf8');
      const field = (name: string) => new RegExp(`^${name}: (.+)$`, 'm').exec(creds)?.[1];
      expect(readFileSync(join(folder, 'data', 'nats', 'operator.nk'), 'utf8')).toBe(`${field('seed')}\n`);
      expect(alias).toContain(`--inbox-prefix ${field('inbox_prefix')} `);
      expect(readFileSync(join(folder, 'data', 'nats', 'url'), 'utf8').trim()).toBe(system.natsUrl);

      // The CLI is not installed here: each example's subject and payload go through the Node client.
      const pages = ['nats.md', 'ledger.md', 'accounts.md', 'artifacts.md', 'analytics.md', 'governance.md'];
      const examples = pages.flatMap((page) =>
        shellCommands(readFileSync(join(root, 'docs', page), 'utf8'))
          .filter((command) => command.startsWith('tkreq '))
          .map((command) => ({ page, command })),
      );
      expect(examples.length).toBeGreaterThanOrEqual(5);
      const operator = await system.connect();
      try {
        for (const { page, command } of examples) {
          const match = /^tkreq (\S+) '([^']*)'$/.exec(command);
          expect({ page, command, parsed: match !== null }).toMatchObject({ parsed: true });
          const reply = await request(operator, match![1]!, match![2]!);
          expect({ page, command, reply }).toMatchObject({ reply: { ok: true } });
        }
      } finally {
        await operator.close();
      }
    });
  });
});
