// The built services the reward path needs, as processes on the bench's nats-server: ledger (mints the
// rewards from the event stream), accounts (decides them: activity.record) and the telegram-gateway
// (bench/bot/gateway-main.cjs: the built gateway with the send limits lifted) against the emulator.
// Analytics is not on the reward path, so it is not started.
import { existsSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { freePort, httpStatus, makeTempDir, spawnTracked, stopTracked, waitFor } from '../lib/proc.mjs';

const READY_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 10_000;
/** No waits between replies: the reply phase measures the bot, not Telegram's send policy. */
const SEND_LIMITS_LIFTED = {
  perChatIntervalMs: 0,
  perGroupPerMinute: 1_000_000,
  globalPerSecond: 1_000_000,
  queuedTotalMax: 1_000_000,
};

function mainOf(root, name) {
  const path = join(root, 'dist', 'services', name, 'main.js');
  if (!existsSync(path)) throw new Error(`${relative(root, path)} is missing: run npm run build first`);
  return path;
}

/** node --cpu-prof for the one service BENCH_CPU_PROF_SERVICE names (the gateway by default). */
function profileArgs(cfg, name) {
  if (!cfg.cpuProfDir || cfg.cpuProfService !== name) return [];
  mkdirSync(cfg.cpuProfDir, { recursive: true });
  return ['--cpu-prof', `--cpu-prof-dir=${cfg.cpuProfDir}`];
}

async function launch({ name, main, nats, logDir, root, cfg, env = {} }) {
  const httpPort = await freePort();
  const nodeArgs = profileArgs(cfg, name);
  const proc = spawnTracked(process.execPath, [...nodeArgs, main], {
    cwd: root,
    env: {
      ...process.env,
      NATS_URL: nats.url,
      NATS_CREDENTIALS_FILE: nats.credentialsFile(name),
      DATA_DIR: makeTempDir(`tk-bench-${name}-`),
      HTTP_PORT: String(httpPort),
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...env,
    },
    logPath: join(logDir, `${name}.log`),
  });
  await waitFor(
    `${name} /readyz`,
    async () => (await httpStatus(`http://127.0.0.1:${httpPort}/readyz`)) === 200,
    { proc, timeoutMs: READY_TIMEOUT_MS },
  );
  return { name, proc, pid: proc.pid };
}

export async function startBackend({ root, nats, logDir, cfg }) {
  return Promise.all(
    ['ledger', 'accounts'].map((name) => launch({ name, main: mainOf(root, name), nats, logDir, root, cfg })),
  );
}

export async function startGateway({ root, nats, logDir, emulator, cfg }) {
  mainOf(root, 'telegram-gateway');
  const env = {
    TELEGRAM_BOT_TOKEN: emulator.token,
    TELEGRAM_API_ROOT: emulator.apiRoot,
    TELEGRAM_INBOUND_CHAT_PER_MINUTE: '100000',
    TELEGRAM_INBOUND_USER_PER_MINUTE: '100000',
    TELEGRAM_OUTGOING_CHAT_QUEUE_MAX: '10000',
    BENCH_GATEWAY_SEND_LIMITS: JSON.stringify(SEND_LIMITS_LIFTED),
  };
  if (cfg.webhook) {
    const port = await freePort();
    env.TELEGRAM_WEBHOOK_URL = `http://127.0.0.1:${port}/telegram`;
    env.TELEGRAM_WEBHOOK_PORT = String(port);
  }
  const main = join(root, 'bench', 'bot', 'gateway-main.cjs');
  return launch({ name: 'telegram-gateway', main, nats, logDir, root, cfg, env });
}

export async function stopAll(services) {
  const exits = {};
  for (const service of services.filter(Boolean).reverse()) {
    exits[service.name] = await stopTracked(service.proc, STOP_GRACE_MS);
  }
  return exits;
}
