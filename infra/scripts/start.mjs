// Runs the whole system on one machine (`npm start`, after `npm run build`):
//   1. Credentials: every service and the operator get NATS credentials under DATA_DIR/nats/credentials,
//      made on the first start and kept after (libs/bus-auth). The bus is closed: nothing connects without.
//   2. NATS: starts a local nats-server with JetStream (data under DATA_DIR/nats) that requires those
//      credentials, on 127.0.0.1:4222, or the next free port when 4222 is taken (by a NATS server of the
//      machine's own, say), and stops it again on the way out. Its URL is written to DATA_DIR/nats/url for
//      the operator's scripts. With NATS_URL set, no server is started: the one there must include
//      DATA_DIR/nats/credentials/auth.conf in its configuration.
//   3. Every built service (dist/services/<name>/main.js) as a child process, with its own DATA_DIR
//      (DATA_DIR/<name>), HTTP_PORT and credentials, its output prefixed with its name. A service that exits
//      on its own is restarted after 1 s; more than 5 restarts in a minute stops everything with exit code 1.
//   4. SIGINT/SIGTERM: SIGTERM to every service, 10 s to finish (then SIGKILL), then the nats-server.
//
// Environment: NATS_URL (default: the server started here), NATS_PORT (its port), DATA_DIR (default ./data), LOG_LEVEL (default
// info), <NAME>_HTTP_PORT to move one service's port (e.g. LEDGER_HTTP_PORT=4001), TELEGRAM_BOT_TOKEN
// (telegram-gateway is skipped without it). Everything else in the environment is passed to the services.
import { spawn } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { delimiter, dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const distServices = join(root, 'dist', 'services');
const require = createRequire(import.meta.url);

/** HTTP ports per service, shared with docker-compose.yml's check in test/compose.e2e-spec.ts. */
const HTTP_PORTS = JSON.parse(readFileSync(join(root, 'infra', 'service-ports.json'), 'utf8'));
/** Services not in the table get ports from here on, in name order. */
const FIRST_EXTRA_PORT = 3006;

const STOP_TIMEOUT_MS = 10_000;
const RESTART_DELAY_MS = 1_000;
const RESTART_WINDOW_MS = 60_000;
const MAX_RESTARTS_PER_WINDOW = 5;
const NATS_READY_TIMEOUT_MS = 30_000;
/** NATS_PORT pins the port of the server started here (no fallback to the next one). */
const NATS_PINNED_PORT = process.env.NATS_PORT ? Number(process.env.NATS_PORT) : undefined;
const NATS_DEFAULT_PORT = 4222;
/** Ports tried after 4222 when it is taken. */
const NATS_PORT_ATTEMPTS = 20;

const EXTERNAL_NATS_URL = process.env.NATS_URL || '';
let NATS_URL = EXTERNAL_NATS_URL || `nats://127.0.0.1:${NATS_DEFAULT_PORT}`;
const DATA_DIR = resolve(process.env.DATA_DIR || './data');
const LOG_LEVEL = process.env.LOG_LEVEL || 'info';

const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const COLORS = [36, 33, 35, 32, 34, 91, 96, 93];
let nameWidth = 'start'.length;

function paint(text, color) {
  return useColor ? `\x1b[${color}m${text}\x1b[0m` : text;
}

function prefixFor(name, color) {
  return paint(`${name.padEnd(nameWidth)} |`, color);
}

function log(message) {
  process.stdout.write(`${prefixFor('start', 90)} ${message}\n`);
}

function logError(message) {
  process.stderr.write(`${prefixFor('start', 31)} ${message}\n`);
}

// Writing to a closed terminal or pipe must not crash the supervisor.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

/** host and port of the first server in NATS_URL (a comma-separated list is allowed). */
function natsAddress(natsUrl) {
  const first = natsUrl.split(',')[0].trim();
  let url;
  try {
    url = new URL(first.includes('://') ? first : `nats://${first}`);
  } catch {
    logError(`NATS_URL is not a valid URL: ${JSON.stringify(natsUrl)} (expected e.g. nats://127.0.0.1:4222)`);
    process.exit(1);
  }
  const host = (url.hostname || '127.0.0.1').replace(/^\[(.*)\]$/, '$1');
  const port = Number(url.port || 4222);
  return { host, port };
}

/** Resolves true when something accepts a TCP connection at host:port within timeoutMs. */
function canConnect(host, port, timeoutMs = 1_000) {
  return new Promise((done) => {
    const socket = connect({ host, port });
    const finish = (ok) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

function sleep(ms) {
  return new Promise((done) => setTimeout(done, ms));
}

function findNatsServer() {
  const candidates = [
    ...(process.env.PATH ?? '')
      .split(delimiter)
      .filter(Boolean)
      .map((dir) => join(dir, 'nats-server')),
    '/usr/sbin/nats-server',
  ];
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function serviceEnvName(name) {
  return `${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_HTTP_PORT`;
}

/** A child process that is restarted when it exits on its own and stopped on shutdown. */
class Supervised {
  constructor(name, command, args, env, color) {
    this.name = name;
    this.command = command;
    this.args = args;
    this.env = env;
    this.color = color;
    this.child = undefined;
    this.restarts = [];
    this.restartTimer = undefined;
    /** Called when the process exits while we did not ask it to. */
    this.onUnexpectedExit = () => {};
  }

  get running() {
    return this.child !== undefined;
  }

  start() {
    // detached: own process group, so a Ctrl-C in the terminal reaches only this supervisor, which then
    // stops the children in order instead of racing their own SIGINT handling.
    const child = spawn(this.command, this.args, {
      cwd: root,
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.child = child;
    this.exited = new Promise((done) => {
      let reported = false;
      const report = (code, signal, error) => {
        if (reported) return;
        reported = true;
        if (this.child === child) this.child = undefined;
        done();
        if (!this.stopping) this.onUnexpectedExit(code, signal, error);
      };
      child.once('error', (error) => report(null, null, error));
      child.once('exit', (code, signal) => report(code, signal));
    });
    this.pipe(child.stdout, process.stdout);
    this.pipe(child.stderr, process.stderr);
  }

  pipe(input, output) {
    const prefix = prefixFor(this.name, this.color);
    createInterface({ input, crlfDelay: Infinity }).on('line', (line) => output.write(`${prefix} ${line}\n`));
  }

  /** Restart after a delay unless it has crashed too often; returns false when it should give up. */
  scheduleRestart() {
    const now = Date.now();
    this.restarts = this.restarts.filter((at) => now - at < RESTART_WINDOW_MS);
    if (this.restarts.length >= MAX_RESTARTS_PER_WINDOW) return false;
    this.restarts.push(now);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (this.stopping) return;
      log(`restarting ${this.name} (restart ${this.restarts.length} in the last minute)`);
      this.start();
    }, RESTART_DELAY_MS);
    return true;
  }

  signal(signal) {
    if (!this.child?.pid) return;
    try {
      // The whole process group: the service and anything it started.
      process.kill(-this.child.pid, signal);
    } catch {
      try {
        this.child.kill(signal);
      } catch {
        // already gone
      }
    }
  }

  /** SIGTERM, then SIGKILL after timeoutMs. */
  async stop(timeoutMs = STOP_TIMEOUT_MS) {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    if (!this.running) return;
    this.signal('SIGTERM');
    let timer;
    const timedOut = await Promise.race([
      this.exited.then(() => false),
      new Promise((done) => (timer = setTimeout(() => done(true), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (timedOut && this.running) {
      logError(`${this.name} did not stop within ${timeoutMs / 1000} s: sending SIGKILL`);
      this.signal('SIGKILL');
      await this.exited;
    }
  }
}

function describeExit(code, signal, error) {
  if (error) return `failed to run: ${error.message}`;
  if (signal) return `was killed by ${signal}`;
  return `exited with code ${code}`;
}

// ---------------------------------------------------------------------------------------------------------

const services = []; // Supervised
let natsServer; // Supervised, when we started it
let shuttingDown = false;

async function shutdown(exitCode, reason) {
  if (shuttingDown) return;
  shuttingDown = true;
  log(`${reason}: stopping ${services.filter((s) => s.running).length} service(s)`);
  await Promise.all(services.map((service) => service.stop()));
  if (natsServer) {
    log('stopping nats-server');
    await natsServer.stop();
  }
  log(exitCode === 0 ? 'stopped' : `stopped (exit code ${exitCode})`);
  process.exit(exitCode);
}

let signalsSeen = 0;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    signalsSeen += 1;
    if (signalsSeen === 1) {
      void shutdown(0, `received ${signal}`);
      return;
    }
    logError(`received ${signal} again: killing everything now`);
    for (const child of [...services, natsServer]) child?.signal('SIGKILL');
    process.exit(130);
  });
}
// Last resort (a crash in this script): leave no orphans behind.
process.on('exit', () => {
  for (const child of [...services, natsServer]) child?.signal('SIGKILL');
});

function supervise(proc) {
  proc.onUnexpectedExit = (code, signal, error) => {
    if (shuttingDown) return;
    logError(`${proc.name} ${describeExit(code, signal, error)}`);
    if (!proc.scheduleRestart()) {
      logError(
        `${proc.name} was already restarted ${MAX_RESTARTS_PER_WINDOW} times within a minute; giving up`,
      );
      void shutdown(1, `${proc.name} keeps failing`);
    }
  };
}

/** The compiled libraries (npm start builds first): credentials and the event stream's set-up. */
function loadLibs() {
  const aliases = join(root, 'dist', 'register-aliases.js');
  if (!existsSync(aliases)) {
    logError(`${aliases} is missing: run \`npm run build\` first (npm start does)`);
    process.exit(1);
  }
  require(aliases);
  return { busAuth: require('@ticketonomics/bus-auth'), messaging: require('@ticketonomics/messaging') };
}

const { busAuth, messaging } = loadLibs();
const busPaths = busAuth.localBusPaths(DATA_DIR);

function ensureCredentials() {
  const created = busAuth.ensureBusCredentials(busPaths.credentialsDir);
  if (created.length > 0) log(`made NATS credentials for ${created.join(', ')}`);
  log(`NATS credentials (secret; one file per user): ${busPaths.credentialsDir}`);
}

/** A free port for our server: 4222 unless something listens there already. */
async function pickNatsPort() {
  if (NATS_PINNED_PORT !== undefined) {
    if (!Number.isInteger(NATS_PINNED_PORT) || NATS_PINNED_PORT < 1 || NATS_PINNED_PORT > 65535) {
      logError(`NATS_PORT must be a port number (got ${JSON.stringify(process.env.NATS_PORT)})`);
      process.exit(1);
    }
    if (await canConnect('127.0.0.1', NATS_PINNED_PORT, 500)) {
      logError(`NATS_PORT=${NATS_PINNED_PORT} is taken: choose another, or unset it to pick a free one`);
      process.exit(1);
    }
    return NATS_PINNED_PORT;
  }
  for (let port = NATS_DEFAULT_PORT; port < NATS_DEFAULT_PORT + NATS_PORT_ATTEMPTS; port += 1) {
    if (!(await canConnect('127.0.0.1', port, 500))) return port;
    log(`port ${port} is taken (another NATS server?): trying ${port + 1}`);
  }
  logError(
    `ports ${NATS_DEFAULT_PORT}-${NATS_DEFAULT_PORT + NATS_PORT_ATTEMPTS - 1} are all taken: set NATS_URL`,
  );
  process.exit(1);
}

async function ensureNats() {
  rmSync(busPaths.urlFile, { force: true });
  if (EXTERNAL_NATS_URL) {
    const { host, port } = natsAddress(EXTERNAL_NATS_URL);
    if (!(await canConnect(host, port))) {
      logError(
        `nothing answers at NATS_URL=${messaging.redactNatsUrl(EXTERNAL_NATS_URL)}; unset it to let npm start run NATS`,
      );
      process.exit(1);
    }
    log(
      `using the NATS server at ${host}:${port}; its configuration must include ${join(busPaths.credentialsDir, 'auth.conf')}`,
    );
    return;
  }
  const binary = findNatsServer();
  if (!binary) {
    logError('no nats-server is installed to run the bus. Install it, then run this again:');
    logError('  Debian/Ubuntu:  sudo apt-get install nats-server');
    logError('  anywhere else:  download it from https://github.com/nats-io/nats-server/releases');
    logError(
      'Or point NATS_URL at a running NATS server whose configuration includes the generated auth.conf.',
    );
    process.exit(1);
  }
  const host = '127.0.0.1';
  const port = await pickNatsPort();
  NATS_URL = `nats://${host}:${port}`;
  mkdirSync(busPaths.dir, { recursive: true });
  // Everything in the file, not in flags: a configuration reload (npm run nats:user) re-reads only the
  // file, and a server started with -js whose file has no jetstream block shuts JetStream down on reload.
  writeFileSync(
    busPaths.configFile,
    [
      '# Written by npm start at every start.',
      `listen: ${JSON.stringify(`${host}:${port}`)}`,
      `pid_file: ${JSON.stringify(busPaths.pidFile)}`,
      `jetstream { store_dir: ${JSON.stringify(busPaths.dir)} }`,
      'include "credentials/auth.conf"',
      '',
    ].join('\n'),
  );
  const args = ['-c', busPaths.configFile];
  log(`starting ${binary} ${args.join(' ')}`);
  natsServer = new Supervised('nats', binary, args, process.env, 90);

  let earlyExit;
  natsServer.onUnexpectedExit = (code, signal, error) => (earlyExit = describeExit(code, signal, error));
  natsServer.start();
  const deadline = Date.now() + NATS_READY_TIMEOUT_MS;
  while (!(await canConnect(host, port, 500))) {
    if (earlyExit || Date.now() > deadline) {
      logError(`nats-server did not start: ${earlyExit ?? `no answer at ${host}:${port} after 30 s`}`);
      await natsServer.stop();
      process.exit(1);
    }
    await sleep(100);
  }
  supervise(natsServer);
  log(`nats-server is ready at ${NATS_URL} (JetStream data in ${busPaths.dir})`);
}

/** As the operator: create the event stream, or bring its limits up to date (services may not). */
async function prepareEventStream() {
  const { connect: connectNats } = require('@nats-io/transport-node');
  const nc = await connectNats({
    servers: NATS_URL,
    name: 'npm-start',
    ...busAuth.natsAuthOptions(busAuth.credentialsPath(busPaths.credentialsDir, 'operator')),
  });
  try {
    // The services validate NATS_REPLICAS (1 or 3) themselves; with NATS_URL naming a cluster it may be 3.
    const replicas = process.env.NATS_REPLICAS === '3' ? 3 : 1;
    await messaging.ensureEventStream(
      nc,
      { ...messaging.EVENT_STREAM_LIMITS_DEFAULT, replicas },
      { update: true },
    );
  } finally {
    await nc.close();
  }
  writeFileSync(busPaths.urlFile, `${NATS_URL}\n`);
  log(`NATS for tools and scripts: ${NATS_URL} (written to ${busPaths.urlFile})`);
}

function builtServices() {
  if (!existsSync(distServices)) return [];
  return readdirSync(distServices, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(distServices, entry.name, 'main.js')))
    .map((entry) => entry.name)
    .sort();
}

function httpPorts(names) {
  const ports = {};
  let next = FIRST_EXTRA_PORT;
  for (const name of names) {
    const override = process.env[serviceEnvName(name)];
    if (override !== undefined && override !== '') ports[name] = override;
    else if (name in HTTP_PORTS) ports[name] = String(HTTP_PORTS[name]);
    else ports[name] = String(next++);
  }
  return ports;
}

async function main() {
  const names = builtServices();
  nameWidth = Math.max(nameWidth, 'nats'.length, ...names.map((name) => name.length));
  log(`DATA_DIR=${DATA_DIR} LOG_LEVEL=${LOG_LEVEL}`);

  ensureCredentials();
  await ensureNats();
  if (shuttingDown) return;
  await prepareEventStream();
  if (shuttingDown) return;

  if (names.length === 0) {
    logError(`no services built under ${distServices} (run \`npm run build\` first)`);
  }
  const ports = httpPorts(names);
  names.forEach((name, index) => {
    if (name === 'telegram-gateway' && !process.env.TELEGRAM_BOT_TOKEN) {
      log(
        'skipping telegram-gateway: TELEGRAM_BOT_TOKEN is not set (get one from @BotFather to run the bot)',
      );
      return;
    }
    const dataDir = join(DATA_DIR, name);
    mkdirSync(dataDir, { recursive: true });
    const env = {
      ...process.env,
      NATS_URL,
      NATS_CREDENTIALS_FILE: busAuth.credentialsPath(busPaths.credentialsDir, name),
      DATA_DIR: dataDir,
      HTTP_PORT: ports[name],
      LOG_LEVEL,
    };
    const service = new Supervised(
      name,
      process.execPath,
      [join(distServices, name, 'main.js')],
      env,
      COLORS[index % COLORS.length],
    );
    supervise(service);
    services.push(service);
    log(`starting ${name} (HTTP_PORT=${ports[name]}, DATA_DIR=${dataDir})`);
    service.start();
  });
  if (services.length === 0 && !natsServer) {
    logError('nothing to run: no service to start, and NATS is already running elsewhere');
    process.exit(1);
  }
  log('running; press Ctrl-C to stop');
}

main().catch((error) => {
  logError(`failed: ${error?.stack ?? error}`);
  void shutdown(1, 'start-up failed');
});
