// docker compose for real (`npm run test:compose`, run by .ci/run): a Docker engine (installed and started
// when missing), the base images (local stand-ins when no registry is reachable), the project's images
// built with the shipped infra/Dockerfile, and the shipped docker-compose.yml run on a throw-away copy of
// the working tree (so its secrets/ never land in the checkout) under its own project name and free ports
// (the machine's own nats-server keeps 4222). Every health check must pass; then a payment goes through the
// HTTP API and NATS, containers restart, nothing may be lost; then everything is torn down (images and the
// build cache stay, for the next run). Logs: test-artifacts/compose/.
//
// Environment: COMPOSE_TEST_COMPOSE=v1|v2 (which Compose, when both are installed), NATS_IMAGE (the NATS
// image to run instead of the compose file's), LB_IMAGE (the same for the load balancer's nginx).
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { parse } from 'yaml';
import { ensureBaseImages, ensureLbImage } from './base-images.mjs';
import { chooseCompose, ensureDockerEngine } from './docker-engine.mjs';
import { loadEmulator } from '../../bench/bot/emulator.mjs';
import { driveScaling } from './scale.mjs';
import { driveScenario } from './scenario.mjs';
import { capture, captureOrThrow, runLogged, say, step, waitUntil } from './shell.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PROJECT = 'ticketonomics-compose-test';
const BUILD_TIMEOUT_MS = 40 * 60_000;
const UP_TIMEOUT_MS = 10 * 60_000;
const HEALTHY_TIMEOUT_MS = 5 * 60_000;
const DOWN_TIMEOUT_MS = 3 * 60_000;
/** Restarted mid-test: the bus (JetStream on its volume) and the two services that hold money and keys. */
const RESTARTED = ['nats', 'ledger', 'accounts'];
const LOGS_TAIL_LINES = 40;
const STALE_IMAGES_AFTER_HOURS = 7 * 24;

const logDir = join(root, 'test-artifacts', 'compose');
const logs = {
  apt: join(logDir, 'apt.log'),
  dockerd: join(logDir, 'dockerd.log'),
  images: join(logDir, 'base-images.log'),
  build: join(logDir, 'build.log'),
  compose: join(logDir, 'compose.log'),
  containers: join(logDir, 'containers.log'),
};
const ROUTINE_NATS_LINE = /\[INF\] JetStream cluster new (consumer|stream) leader/;

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** The one base image infra/Dockerfile builds on (its FROM lines that name no earlier stage). */
function dockerfileBase() {
  const stages = new Set();
  const bases = new Set();
  for (const [, image, stage] of readFileSync(join(root, 'infra', 'Dockerfile'), 'utf8').matchAll(
    /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/gim,
  )) {
    if (!stages.has(image)) bases.add(image);
    if (stage) stages.add(stage);
  }
  if (bases.size !== 1) throw new Error(`infra/Dockerfile should build on one base image, not ${[...bases]}`);
  return [...bases][0];
}

/** The compose file's services that `up` starts (no profile), its NATS and load balancer images with defaults resolved. */
function composeFacts(file) {
  const services = parse(readFileSync(file, 'utf8')).services;
  const started = Object.keys(services).filter((name) => !services[name].profiles);
  const image = services.nats.image;
  const natsImage = /^\$\{NATS_IMAGE:-(.+)\}$/.exec(image)?.[1] ?? image;
  const lbImage = /^\$\{LB_IMAGE:-(.+)\}$/.exec(services.lb.image)?.[1] ?? services.lb.image;
  return { started, natsImage, lbImage };
}

/** The working tree's files (tracked, and new ones git does not ignore) in a temporary folder. */
function copyWorkingTree() {
  const copy = mkdtempSync(join(tmpdir(), 'ticketonomics-compose-'));
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  let count = 0;
  for (const path of new Set(listed.split('\0').filter(Boolean))) {
    const from = join(root, path);
    if (path.split('/')[0] === 'node_modules' || !existsSync(from) || !lstatSync(from).isFile()) continue;
    mkdirSync(dirname(join(copy, path)), { recursive: true });
    copyFileSync(from, join(copy, path));
    chmodSync(join(copy, path), statSync(from).mode & 0o777);
    count += 1;
  }
  say(`copied ${count} files of the working tree to ${copy}`);
  return copy;
}

/** The project's containers as Docker sees them (works for Compose v1 and v2: both label them). */
function projectContainers() {
  const ids = captureOrThrow('docker', [
    'ps',
    '-aq',
    '--filter',
    `label=com.docker.compose.project=${PROJECT}`,
  ]).split(/\s+/);
  if (ids.filter(Boolean).length === 0) return [];
  return JSON.parse(captureOrThrow('docker', ['inspect', ...ids.filter(Boolean)])).map((container) => ({
    service: container.Config.Labels['com.docker.compose.service'],
    status: container.State.Status,
    health: container.State.Health?.Status,
    exitCode: container.State.ExitCode,
    restarts: container.RestartCount,
  }));
}

/**
 * Resolves when nats-auth has exited 0 and every other service has exactly its number of containers
 * (`replicas`, 1 when not named), all healthy, none restarted by Docker.
 */
function waitHealthy(services, replicas = {}) {
  return waitUntil('every service healthy', HEALTHY_TIMEOUT_MS, () => {
    const containers = projectContainers();
    const problems = [];
    for (const service of services) {
      const own = containers.filter((candidate) => candidate.service === service);
      const wanted = replicas[service] ?? 1;
      if (own.length !== wanted) problems.push(`${service}: ${own.length} container(s), not ${wanted}`);
      for (const container of own) {
        if (container.restarts > 0) throw new Error(`${service} restarted ${container.restarts} time(s)`);
        if (service === 'nats-auth') {
          if (container.status !== 'exited' || container.exitCode !== 0)
            problems.push(`${service}: ${container.status}`);
        } else if (container.health !== 'healthy')
          problems.push(`${service}: ${container.health ?? container.status}`);
      }
    }
    if (problems.length === 0) return containers;
    throw new Error(problems.join(', '));
  });
}

/**
 * After a failure: the containers' states, every container's whole log in test-artifacts/compose/containers.log,
 * and the last lines of each on the console, without NATS's routine lines (consumer and stream leader
 * elections) that would push the services' own lines out.
 */
function reportContainers(command, composeArgs, options) {
  const ps = capture(command, composeArgs('ps'), options);
  say(`containers:\n${ps.stdout}${ps.stderr}`);
  const all = capture(command, composeArgs('logs', '--no-color', '--timestamps'), options);
  writeFileSync(logs.containers, `${all.stdout}${all.stderr}`);
  const byContainer = new Map();
  for (const line of all.stdout.split('\n')) {
    const match = /^(\S+)\s+\|/.exec(line);
    if (match === null || ROUTINE_NATS_LINE.test(line)) continue;
    const lines = byContainer.get(match[1]) ?? [];
    lines.push(line);
    byContainer.set(match[1], lines);
  }
  const tail = [...byContainer.values()].flatMap((lines) => lines.slice(-LOGS_TAIL_LINES));
  say(`their last log lines (all of them in ${logs.containers}):\n${tail.join('\n')}`);
}

function imageSizes(natsImage, lbImage, nodeImage, started) {
  const tags = [
    nodeImage,
    natsImage,
    lbImage,
    ...[...started, 'telegram-gateway']
      .filter((s) => !/^(nats(-\d+)?|lb)$/.test(s))
      .map((s) => `ticketonomics/${s}`),
  ];
  const sizeOf = (tag) =>
    Number(capture('docker', ['image', 'inspect', '-f', '{{.Size}}', tag]).stdout.trim());
  const base = sizeOf(nodeImage);
  return tags.map((tag) => {
    const bytes = sizeOf(tag);
    const mb = (value) => `${(value / 1e6).toFixed(0)} MB`;
    const own = tag.startsWith('ticketonomics/') ? ` (${mb(bytes - base)} over ${nodeImage})` : '';
    return `${tag}: ${Number.isFinite(bytes) ? mb(bytes) : 'missing'}${own}`;
  });
}

async function main() {
  const startedAt = Date.now();
  const timings = [];
  rmSync(logDir, { recursive: true, force: true });
  mkdirSync(logDir, { recursive: true });
  let engine;
  let copy;
  let compose;
  let env;
  let emulator;
  let failed = false;
  let failure;
  const composeArgs = (...args) => [
    ...compose.prefix,
    '-p',
    PROJECT,
    '-f',
    join(copy, 'docker-compose.yml'),
    ...args,
  ];
  const runCompose = (args, timeoutMs, logFile = logs.compose) =>
    runLogged(compose.command, composeArgs(...args), { logFile, timeoutMs, env, cwd: copy });

  let cleaningUp;
  const cleanUp = () =>
    (cleaningUp ??= (async () => {
      await step(timings, 'tear down', async () => {
        if (compose !== undefined && copy !== undefined) {
          if (failed) reportContainers(compose.command, composeArgs, { env, cwd: copy });
          await runCompose(
            ['--profile', 'bot', 'down', '--volumes', '--remove-orphans', '--timeout', '20'],
            DOWN_TIMEOUT_MS,
          ).catch((error) => say(`down failed: ${error.message}`));
        }
        if (copy !== undefined) {
          // secrets/ there belongs to root (made by the nats-auth container).
          const removed = capture('rm', ['-rf', copy]);
          if (!removed.ok) say(`could not remove ${copy}: ${removed.stderr.trim()}; remove it as root`);
        }
        await emulator?.close().catch(() => undefined);
        await engine?.stop();
      });
    })());
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      failed = true;
      say(`${signal}: tearing down`);
      void cleanUp().finally(() => process.exit(130));
    });
  }

  try {
    engine = await step(timings, 'docker engine', () =>
      ensureDockerEngine({ aptLog: logs.apt, dockerdLog: logs.dockerd }),
    );
    compose = await step(timings, 'compose', () => chooseCompose({ aptLog: logs.apt }));
    say(`using ${compose.label}`);
    const nodeImage = dockerfileBase();
    const facts = composeFacts(join(root, 'docker-compose.yml'));
    const wantedNats = process.env.NATS_IMAGE ?? facts.natsImage;
    const base = await step(timings, 'base images', () =>
      ensureBaseImages({ nodeImage, natsImage: wantedNats, logFile: logs.images, aptLog: logs.apt }),
    );
    for (const line of base.lines) say(line);
    const suite = /-([a-z]+)-slim$/.exec(nodeImage)?.[1] ?? 'bookworm';
    const lb = await step(timings, 'load balancer image', () =>
      ensureLbImage({
        lbImage: process.env.LB_IMAGE ?? facts.lbImage,
        suite,
        logFile: logs.images,
        aptLog: logs.apt,
      }),
    );
    say(lb.line);

    copy = copyWorkingTree();
    const ports = { nats: await freePort(), monitor: await freePort(), api: await freePort() };
    env = {
      ...process.env,
      COMPOSE_PROJECT_NAME: PROJECT,
      NATS_IMAGE: base.natsImage,
      LB_IMAGE: lb.lbImage,
      NATS_PUBLISH_PORT: String(ports.nats),
      NATS_MONITOR_PUBLISH_PORT: String(ports.monitor),
      API_PUBLISH_PORT: String(ports.api),
      API_PUBLISH_ADDRESS: '127.0.0.1',
      // The wallet's sessions, signed alike by every api-gateway replica.
      APP_SESSION_SECRET: randomBytes(36).toString('base64url'),
    };
    // A run that was interrupted before its tear-down left this project behind.
    await runCompose(
      ['--profile', 'bot', 'down', '--volumes', '--remove-orphans', '--timeout', '5'],
      DOWN_TIMEOUT_MS,
    );

    await step(timings, 'build images', async () => {
      await runCompose(['--profile', 'bot', 'build'], BUILD_TIMEOUT_MS, logs.build);
      // Each change of the sources leaves the previous images untagged; a week on, they go. Recent ones stay:
      // the untagged end of the build stage is what the next build finds its cache in.
      const pruned = capture('docker', [
        'image',
        'prune',
        '--force',
        '--filter',
        'label=org.opencontainers.image.title=ticketonomics',
        '--filter',
        `until=${STALE_IMAGES_AFTER_HOURS}h`,
      ]);
      say(`old images: ${pruned.stdout.trim().split('\n').pop() || pruned.stderr.trim()}`);
    });
    // The bot's replicas reach the Bot API emulator on this host (host.docker.internal, see the compose file).
    // The token is set from the first `up`, as an operator does: the api-gateway checks the wallet's sign-ins
    // with it, and a token first set at the scaling step would recreate the running api-gateway there,
    // which docker-compose 1.29 then reports as unhealthy to the load balancer waiting on it.
    const { startTelegramEmulator } = loadEmulator(root);
    emulator = await startTelegramEmulator({ host: '0.0.0.0' });
    env.TELEGRAM_BOT_TOKEN = emulator.token;
    env.TELEGRAM_API_ROOT = `http://host.docker.internal:${emulator.listeningPort}`;
    await step(timings, 'compose up', () => runCompose(['up', '-d'], UP_TIMEOUT_MS));
    await step(timings, 'health checks', () => waitHealthy(facts.started));
    say(`healthy: ${facts.started.join(', ')}`);

    const operatorCredentials = join(copy, 'secrets', 'nats', 'credentials', 'operator.creds');
    const members = await step(timings, 'payment, restart, checks', () =>
      driveScenario({
        apiUrl: `http://127.0.0.1:${ports.api}`,
        natsUrl: `nats://127.0.0.1:${ports.nats}`,
        operatorCredentials,
        restart: async () => {
          say(`restarting ${RESTARTED.join(', ')}`);
          await runCompose(['restart', ...RESTARTED], UP_TIMEOUT_MS);
          await waitHealthy(facts.started);
        },
      }),
    );
    await step(timings, 'scale out and back', () =>
      driveScaling({
        apiUrl: `http://127.0.0.1:${ports.api}`,
        natsUrl: `nats://127.0.0.1:${ports.nats}`,
        operatorCredentials,
        emulator,
        members,
        scale: async (replicas) => {
          const flags = Object.entries(replicas).flatMap(([service, n]) => ['--scale', `${service}=${n}`]);
          await runCompose(['--profile', 'bot', 'up', '-d', ...flags], UP_TIMEOUT_MS);
          await waitHealthy([...new Set([...facts.started, ...Object.keys(replicas)])], replicas);
        },
      }),
    );
    for (const line of imageSizes(base.natsImage, lb.lbImage, nodeImage, facts.started)) say(`image ${line}`);
  } catch (error) {
    failed = true;
    failure = error;
    say(`FAILED: ${error.stack ?? error.message}`);
  } finally {
    await cleanUp();
  }
  say(`timings: ${timings.map(({ name, seconds }) => `${name} ${seconds.toFixed(0)} s`).join(', ')}`);
  // The reason is printed again last: above it, the containers' logs can run to thousands of lines.
  const reason = failure === undefined ? '' : `: ${failure.message.split('\n')[0]}`;
  say(`${failed ? 'FAILED' : 'passed'} in ${((Date.now() - startedAt) / 1000).toFixed(0)} s${reason}`);
  process.exit(failed ? 1 : 0);
}

await main();
