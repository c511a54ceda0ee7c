// The built ledger service as the bench runs it: its own data dir and HTTP port, optionally under
// --cpu-prof, with its RSS and WAL size sampled for the whole run.
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort, httpStatus, makeTempDir, sampleRss, spawnTracked, waitFor } from '../lib/proc.mjs';

const SAMPLE_EVERY_MS = 250;
const READY_TIMEOUT_MS = 60_000;

/** Largest size of the ledger's WAL file seen while sampling, to show whether checkpoints keep up. */
function sampleWalSize(path, intervalMs) {
  let maxBytes = 0;
  const timer = setInterval(() => {
    try {
      maxBytes = Math.max(maxBytes, statSync(path).size);
    } catch {
      // not created yet, or removed at shutdown
    }
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return maxBytes;
    },
  };
}

/**
 * Starts dist/services/ledger/main.js against the bench's nats-server. Answers the process, its HTTP port,
 * the RSS and WAL samplers (the caller stops them), and ready(), which waits for /readyz and answers the
 * milliseconds since launch.
 */
export async function launchLedger({ cfg, nats, logDir, ledgerMain, root }) {
  const httpPort = await freePort();
  const dataDir = makeTempDir('tk-bench-ledger-');
  const nodeArgs = [];
  if (cfg.cpuProfDir) {
    mkdirSync(cfg.cpuProfDir, { recursive: true });
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${cfg.cpuProfDir}`);
  }
  const proc = spawnTracked(process.execPath, [...nodeArgs, ledgerMain], {
    cwd: root,
    env: {
      ...process.env,
      ...cfg.ledgerEnv,
      NATS_URL: nats.url,
      NATS_REPLICAS: String(nats.replicas ?? 1),
      NATS_CREDENTIALS_FILE: nats.credentialsFile('ledger'),
      DATA_DIR: dataDir,
      HTTP_PORT: String(httpPort),
      LOG_LEVEL: 'warn',
    },
    logPath: join(logDir, 'ledger.log'),
  });
  const launchedAt = performance.now();
  return {
    proc,
    httpPort,
    rss: sampleRss(proc.pid, SAMPLE_EVERY_MS),
    wal: sampleWalSize(join(dataDir, 'ledger.sqlite-wal'), SAMPLE_EVERY_MS),
    async ready(timeoutMs = READY_TIMEOUT_MS) {
      await waitFor(
        'ledger /readyz',
        async () => (await httpStatus(`http://127.0.0.1:${httpPort}/readyz`)) === 200,
        { proc, timeoutMs },
      );
      return performance.now() - launchedAt;
    },
  };
}

/** The .cpuprofile the ledger wrote last into dir (node names them by pid and time). */
export function newestProfile(dir) {
  if (!existsSync(dir)) return null;
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => join(dir, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return files[0] ?? null;
}
