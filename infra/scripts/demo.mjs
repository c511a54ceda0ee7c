// The live demo (`npm run demo`, after `npm run build`): the whole system exactly as `npm start` runs it
// (this script starts infra/scripts/start.mjs, which keeps its own supervision), plus a simulated
// community whose members earn, pay, shop, list and trade through the real NATS commands, so the public
// dashboard shows a living economy. Ctrl-C stops the simulator, then the system.
//
// Environment: everything start.mjs reads (NATS_URL, DATA_DIR, LOG_LEVEL, ...), and
//   DEMO_COMMUNITY           community id (default demo-town)
//   DEMO_TITLE               its title (default Demo Town)
//   DEMO_ACTIONS_PER_SECOND  pace, 0.2-20 (default 2)
//   DEMO_SEED                random seed, for a repeatable run
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const NATS_CONNECT_TIMEOUT_MS = 60_000;
const GATEWAY_READY_TIMEOUT_MS = 60_000;
/** A second Ctrl-C this soon after the first is the same keypress relayed by npm, not a second request. */
const REPEATED_SIGNAL_GRACE_MS = 2_000;

const say = (line) => process.stdout.write(`demo  | ${line}\n`);
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
process.stdout.on('error', () => {});

// The simulator is its own project, tools/demo, compiled with the rest by `npm run build`.
const simulatorPath = join(root, 'dist', 'tools', 'demo', 'src', 'index.js');
if (!existsSync(simulatorPath)) {
  process.stderr.write(
    `demo: ${simulatorPath} is missing: run \`npm run build\` first (npm run demo does)\n`,
  );
  process.exit(1);
}
// The compiled code imports @ticketonomics/*: map those names to the compiled projects first.
require(join(root, 'dist', 'register-aliases.js'));
const { CommunitySimulator, demoOptionsFrom } = require('@ticketonomics/demo');
const { CommandClient } = require('@ticketonomics/messaging');
const { connect } = require('@nats-io/transport-node');
const busAuth = require('@ticketonomics/bus-auth');
const busPaths = busAuth.localBusPaths(process.env.DATA_DIR || './data');

let options;
try {
  options = demoOptionsFrom(process.env);
} catch (error) {
  process.stderr.write(`demo: ${error.message}\n`);
  process.exit(2);
}

const ports = JSON.parse(readFileSync(join(root, 'infra', 'service-ports.json'), 'utf8'));
const gatewayPort = process.env.API_GATEWAY_HTTP_PORT || String(ports['api-gateway']);
const dashboardUrl = `http://127.0.0.1:${gatewayPort}/dashboard/${options.communityId}`;

// start.mjs in its own process group: the terminal's Ctrl-C reaches only this script, which then stops
// the simulator first and signals start.mjs exactly once (a second signal makes it kill everything).
const systemStartedAtMs = Date.now() - 1_000;
const system = spawn(process.execPath, [join(root, 'infra', 'scripts', 'start.mjs')], {
  cwd: root,
  env: process.env,
  stdio: 'inherit',
  detached: true,
});
const systemExited = new Promise((done) =>
  system.once('exit', (code, signal) => done(code ?? (signal ? 1 : 0))),
);

let simulator;
let connection;
let stopping = false;
let firstSignalAt = 0;

async function stop(exitCode) {
  if (stopping) return;
  stopping = true;
  if (simulator) {
    say('stopping the simulated community');
    await simulator.stop().catch(() => undefined);
  }
  await connection?.close().catch(() => undefined);
  if (system.exitCode === null && system.signalCode === null) system.kill('SIGINT');
  const code = await systemExited;
  process.exit(exitCode ?? code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (firstSignalAt === 0) {
      firstSignalAt = Date.now();
      void stop();
      return;
    }
    if (Date.now() - firstSignalAt < REPEATED_SIGNAL_GRACE_MS) return;
    say(`received ${signal} again: asking the system to stop now`);
    system.kill('SIGINT');
  });
}

// The system stopping by itself (a service that keeps crashing, a port in use): stop with it.
systemExited.then((code) => {
  if (!stopping) {
    say(`the system stopped (exit code ${code}); stopping the demo`);
    void stop(code === 0 ? 1 : code);
  }
});

/** The URL start.mjs wrote for this run (a file older than this run is a previous run's). */
function urlWrittenSince(startedAtMs) {
  try {
    if (statSync(busPaths.urlFile).mtimeMs < startedAtMs) return undefined;
    return readFileSync(busPaths.urlFile, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** As the operator, once start.mjs has the bus ready. */
async function connectNats() {
  const deadline = Date.now() + NATS_CONNECT_TIMEOUT_MS;
  for (;;) {
    const url = process.env.NATS_URL || urlWrittenSince(systemStartedAtMs);
    try {
      if (url === undefined) throw new Error('the bus is not ready yet');
      const settings = busAuth.operatorBusSettings({ ...process.env, NATS_URL: url });
      return await connect({
        servers: url,
        name: 'demo-simulator',
        maxReconnectAttempts: -1,
        ...busAuth.natsAuthOptions(settings.credentialsFile, settings.tlsCaFile),
      });
    } catch (error) {
      if (stopping) throw error;
      if (Date.now() > deadline)
        throw new Error(`no NATS after ${NATS_CONNECT_TIMEOUT_MS / 1000} s: ${error.message}`);
      await sleep(500);
    }
  }
}

async function waitForGateway() {
  const deadline = Date.now() + GATEWAY_READY_TIMEOUT_MS;
  while (Date.now() < deadline && !stopping) {
    try {
      const response = await fetch(dashboardUrl);
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  return false;
}

async function main() {
  connection = await connectNats();
  simulator = new CommunitySimulator(new CommandClient(connection, { timeoutMs: 10_000 }), options, say);
  say(`setting up ${options.communityId} (seed ${options.seed}, ${options.actionsPerSecond} actions/s)`);
  await simulator.setUp();
  if (stopping) return;
  simulator.start();
  const gatewayUp = await waitForGateway();
  if (stopping) return;
  say('');
  say(`the dashboard: ${dashboardUrl}`);
  if (!gatewayUp)
    say(`(the api-gateway does not answer at port ${gatewayPort} yet; open the address once it does)`);
  say('members are earning, paying, buying and trading; press Ctrl-C to stop');
  say('');
}

main().catch((error) => {
  process.stderr.write(`demo: ${error?.message ?? error}\n`);
  void stop(1);
});
