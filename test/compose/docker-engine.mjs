// The Docker engine and Compose for the compose test: Debian's docker.io (and docker-compose, when the
// docker CLI has no Compose v2 plugin) are installed when missing, and dockerd is started in the background
// with its own log when nothing answers. Docker keeps its data in its default place (/var/lib/docker), so
// images and build cache survive between runs; a dockerd this test started is stopped at the end.
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { asRoot, capture, runLogged, say, sleep, which } from './shell.mjs';

const DOCKER_INFO_TIMEOUT_MS = 10_000;
const DOCKERD_READY_TIMEOUT_MS = 60_000;
const DOCKERD_STOP_TIMEOUT_MS = 30_000;
const APT_TIMEOUT_MS = 15 * 60_000;

/**
 * Ways to start dockerd, tried in order until one answers: the defaults (overlay2, iptables for the
 * containers' outbound traffic), then the vfs storage driver for kernels without a usable overlayfs, then
 * also without iptables (containers then reach nothing outside, so builds need their layers cached).
 */
const DOCKERD_ATTEMPTS = [
  { why: 'defaults', flags: [] },
  { why: 'vfs storage (overlay2 did not start)', flags: ['--storage-driver=vfs'] },
  { why: 'vfs storage, no iptables', flags: ['--storage-driver=vfs', '--iptables=false'] },
];

let aptUpdated = false;

export async function installDebianPackages(packages, logFile) {
  if (which('apt-get') === undefined) {
    throw new Error(`${packages.join(', ')} missing and no apt-get to install them: install them by hand`);
  }
  say(`installing the Debian packages ${packages.join(', ')} (log: ${logFile})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    await runLogged(...asRoot('apt-get', ['update']), { logFile, timeoutMs: APT_TIMEOUT_MS, env });
    aptUpdated = true;
  }
  await runLogged(...asRoot('apt-get', ['install', '-y', '--no-install-recommends', ...packages]), {
    logFile,
    timeoutMs: APT_TIMEOUT_MS,
    env,
  });
}

export function dockerAnswers() {
  return capture('docker', ['info', '--format', '{{.ServerVersion}}'], { timeoutMs: DOCKER_INFO_TIMEOUT_MS });
}

/**
 * A running Docker engine. Returns { version, stop }: stop() ends the dockerd this call started (by its own
 * process), and does nothing when the engine was already running.
 */
export async function ensureDockerEngine({ aptLog, dockerdLog }) {
  const running = dockerAnswers();
  if (running.ok) {
    say(`Docker engine ${running.stdout.trim()} already running`);
    return { version: running.stdout.trim(), stop: async () => {} };
  }
  if (which('docker') === undefined || which('dockerd') === undefined) {
    await installDebianPackages(['docker.io'], aptLog);
  }
  for (const attempt of DOCKERD_ATTEMPTS) {
    say(`starting dockerd (${attempt.why}); its log: ${dockerdLog}`);
    const out = openSync(dockerdLog, 'a');
    const [command, args] = asRoot(which('dockerd'), attempt.flags);
    const daemon = spawn(command, args, { detached: true, stdio: ['ignore', out, out] });
    const exited = new Promise((done) => daemon.once('exit', (code, signal) => done(code ?? signal)));
    let exitedWith;
    exited.then((how) => (exitedWith = how));
    const deadline = Date.now() + DOCKERD_READY_TIMEOUT_MS;
    while (exitedWith === undefined && Date.now() < deadline) {
      const info = dockerAnswers();
      if (info.ok) {
        say(`dockerd ${info.stdout.trim()} is up (pid ${daemon.pid}, ${attempt.why})`);
        return { version: info.stdout.trim(), stop: () => stopDaemon(daemon, exited) };
      }
      await sleep(500);
    }
    if (exitedWith === undefined) await stopDaemon(daemon, exited);
    say(`dockerd did not come up (${exitedWith ?? 'no answer'}): see ${dockerdLog}`);
  }
  throw new Error(`dockerd did not start in any of ${DOCKERD_ATTEMPTS.length} ways: see ${dockerdLog}`);
}

async function stopDaemon(daemon, exited) {
  if (daemon.exitCode !== null || daemon.signalCode !== null) return;
  say(`stopping the dockerd this test started (pid ${daemon.pid})`);
  daemon.kill('SIGTERM');
  const stopped = await Promise.race([exited.then(() => true), sleep(DOCKERD_STOP_TIMEOUT_MS)]);
  if (!stopped) {
    say(`dockerd (pid ${daemon.pid}) still running after ${DOCKERD_STOP_TIMEOUT_MS / 1000} s: killing it`);
    daemon.kill('SIGKILL');
    await exited;
  }
}

/**
 * How to call Compose: the docker CLI's v2 plugin, or Debian's docker-compose 1.29 (installed when neither
 * is there). COMPOSE_TEST_COMPOSE=v1 or v2 picks one when both are installed.
 */
export async function chooseCompose({ aptLog }) {
  const wanted = process.env.COMPOSE_TEST_COMPOSE;
  if (wanted !== undefined && !['v1', 'v2'].includes(wanted)) {
    throw new Error(`COMPOSE_TEST_COMPOSE must be v1 or v2, not ${JSON.stringify(wanted)}`);
  }
  const v2 = () => {
    const version = capture('docker', ['compose', 'version', '--short']);
    return version.ok
      ? { label: `Compose ${version.stdout.trim()}`, command: 'docker', prefix: ['compose'] }
      : undefined;
  };
  const v1 = () => {
    if (which('docker-compose') === undefined) return undefined;
    const version = capture('docker-compose', ['version', '--short']);
    return version.ok
      ? { label: `docker-compose ${version.stdout.trim()}`, command: 'docker-compose', prefix: [] }
      : undefined;
  };
  const found = wanted === 'v1' ? v1() : wanted === 'v2' ? v2() : (v2() ?? v1());
  if (found !== undefined) return found;
  if (wanted === 'v2') throw new Error('COMPOSE_TEST_COMPOSE=v2, but `docker compose` is not installed');
  await installDebianPackages(['docker-compose'], aptLog);
  const installed = v1();
  if (installed === undefined) throw new Error('docker-compose was installed but does not run: see its log');
  return installed;
}
