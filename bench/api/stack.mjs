// The services the API bench runs, each a process from dist/ on the bench's private nats-server: the
// ledger, accounts (keys, members, dashboard settings), analytics (leaderboards) and the api-gateway,
// optionally under --cpu-prof.
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  freePort,
  httpStatus,
  makeTempDir,
  sampleRss,
  spawnTracked,
  stopTracked,
  waitFor,
} from '../lib/proc.mjs';

const READY_TIMEOUT_MS = 60_000;
const RSS_SAMPLE_EVERY_MS = 250;
const STOP_GRACE_MS = 20_000;
/** Started in this order: the gateway asks accounts about keys and the ledger about members. */
const SERVICES = ['ledger', 'accounts', 'analytics', 'api-gateway'];

async function launch(name, { root, nats, dataDir, logDir, env, nodeArgs }) {
  const httpPort = await freePort();
  const proc = spawnTracked(
    process.execPath,
    [...nodeArgs, join(root, 'dist', 'services', name, 'main.js')],
    {
      cwd: root,
      env: {
        ...process.env,
        NATS_URL: nats.url,
        NATS_CREDENTIALS_FILE: nats.credentialsFile(name),
        DATA_DIR: join(dataDir, name),
        HTTP_PORT: String(httpPort),
        HTTP_HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        ...env,
      },
      logPath: join(logDir, `${name}.log`),
    },
  );
  await waitFor(
    `${name} /readyz`,
    async () => (await httpStatus(`http://127.0.0.1:${httpPort}/readyz`)) === 200,
    {
      proc,
      timeoutMs: READY_TIMEOUT_MS,
    },
  );
  return { name, proc, httpPort, rss: sampleRss(proc.pid, RSS_SAMPLE_EVERY_MS) };
}

/**
 * Starts every service; answers { services: {name: {proc, httpPort, rss}}, gatewayUrl, pids, stop() }.
 * gatewayEnv goes to the gateway only (the bench's raised limits and any API_* / DASHBOARD_* given).
 */
export async function startStack({ root, nats, logDir, cfg, gatewayEnv }) {
  const dataDir = makeTempDir('tk-bench-api-');
  const services = {};
  try {
    for (const name of SERVICES) {
      const isGateway = name === 'api-gateway';
      const nodeArgs = [];
      if (isGateway && cfg.cpuProfDir) {
        mkdirSync(cfg.cpuProfDir, { recursive: true });
        nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${cfg.cpuProfDir}`);
      }
      services[name] = await launch(name, {
        root,
        nats,
        dataDir,
        logDir,
        env: isGateway ? gatewayEnv : {},
        nodeArgs,
      });
    }
  } catch (error) {
    await Promise.all(Object.values(services).map((service) => stopTracked(service.proc, 5_000)));
    throw error;
  }
  const gateway = services['api-gateway'];
  return {
    services,
    gatewayUrl: `http://127.0.0.1:${gateway.httpPort}`,
    pids: {
      gateway: gateway.proc.pid,
      ledger: services.ledger.proc.pid,
      accounts: services.accounts.proc.pid,
      analytics: services.analytics.proc.pid,
      nats: nats.pid,
    },
    /** Stops the gateway first (its profile is written on exit), then the rest; answers peak RSS per service. */
    async stop() {
      const memory = {};
      for (const name of [...SERVICES].reverse()) {
        const service = services[name];
        memory[name] = { maxRssMb: service.rss.stop().maxRssKb / 1024 };
        const exit = await stopTracked(service.proc, STOP_GRACE_MS);
        memory[name].exit = exit;
      }
      return memory;
    },
  };
}

/** The .cpuprofile written last into dir (node names them by pid and time). */
export function newestProfile(dir) {
  if (!dir || !existsSync(dir)) return null;
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => join(dir, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return files[0] ?? null;
}
