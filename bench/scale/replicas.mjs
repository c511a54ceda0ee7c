// Ledger replica processes for the scale bench: the same environment and data directory, each with its own
// LEDGER_REPLICA_ID (as compose gives each container its own host name) and HTTP port.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort, httpStatus, spawnTracked, waitFor } from '../lib/proc.mjs';

const READY_TIMEOUT_MS = 60_000;
const FAILOVER_TIMEOUT_MS = 60_000;

async function partitionsServed(httpPort) {
  try {
    const response = await fetch(`http://127.0.0.1:${httpPort}/metrics`, {
      signal: AbortSignal.timeout(2_000),
    });
    const match = /^ledger_partitions_served(?:\{[^}]*\})? (\d+)$/m.exec(await response.text());
    return match === null ? 0 : Number(match[1]);
  } catch {
    return 0;
  }
}

/** How many partitions the running replicas serve together. */
export async function servedTotal(replicas) {
  const counts = await Promise.all(
    replicas
      .filter((replica) => replica.proc.child.exitCode === null && replica.proc.child.signalCode === null)
      .map((replica) => partitionsServed(replica.httpPort)),
  );
  return counts.reduce((sum, n) => sum + n, 0);
}

export async function launchReplicas({ count, cfg, nats, dataDir, logDir, ledgerMain, root }) {
  const replicas = [];
  for (let i = 0; i < count; i += 1) {
    const httpPort = await freePort();
    const proc = spawnTracked(process.execPath, [ledgerMain], {
      cwd: root,
      env: {
        ...process.env,
        NATS_URL: nats.url,
        NATS_CREDENTIALS_FILE: nats.credentialsFile('ledger'),
        DATA_DIR: dataDir,
        HTTP_PORT: String(httpPort),
        LOG_LEVEL: 'warn',
        LEDGER_PARTITIONS: String(cfg.partitions),
        LEDGER_LEASE_TTL_MS: String(cfg.leaseTtlMs),
        LEDGER_REPLICA_ID: `replica-${i + 1}`,
      },
      logPath: join(logDir, `ledger-${i + 1}.log`),
    });
    replicas.push({ proc, httpPort });
    await waitFor(
      'ledger /readyz',
      async () => (await httpStatus(`http://127.0.0.1:${httpPort}/readyz`)) === 200,
      {
        proc,
        timeoutMs: READY_TIMEOUT_MS,
      },
    );
  }
  await waitFor('every partition served', async () => (await servedTotal(replicas)) === cfg.partitions, {
    timeoutMs: READY_TIMEOUT_MS,
    intervalMs: 100,
  });
  return replicas;
}

/** Kills the first replica (SIGKILL) and times until the others serve every partition again. */
export async function timeFailover(replicas, partitions) {
  const [victim, ...others] = replicas;
  const killedAt = performance.now();
  victim.proc.child.kill('SIGKILL');
  await waitFor('partitions served again', async () => (await servedTotal(others)) === partitions, {
    timeoutMs: FAILOVER_TIMEOUT_MS,
    intervalMs: 50,
  });
  return performance.now() - killedAt;
}
