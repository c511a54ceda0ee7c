// Phase 1, the baseline: a bare NATS echo responder under the same closed-loop load the ledger gets.
import { join } from 'node:path';
import { closedLoop } from '../../lib/load.mjs';
import { spawnTracked, stopTracked, waitFor } from '../../lib/proc.mjs';
import { encoder } from '../client.mjs';
import { SUBJECTS } from '../settings.mjs';

const RESPONDER_READY_TIMEOUT_MS = 15_000;
const PROBE_TIMEOUT_MS = 500;

/** One row per concurrency level (BENCH_CONCURRENCY). */
export async function runEchoPhase({ cfg, log, benchDir, nats, connections, client, logDir, transfers }) {
  const echoProc = spawnTracked(process.execPath, [join(benchDir, 'echo-responder.mjs')], {
    env: {
      ...process.env,
      NATS_URL: nats.url,
      NATS_CREDENTIALS_FILE: nats.credentialsFile('operator'),
      ECHO_SUBJECT: SUBJECTS.echo,
    },
    logPath: join(logDir, 'echo-responder.log'),
  });
  await waitFor(
    'echo responder',
    async () => {
      await connections[0].request(SUBJECTS.echo, encoder.encode('{}'), { timeout: PROBE_TIMEOUT_MS });
      return true;
    },
    { proc: echoProc, timeoutMs: RESPONDER_READY_TIMEOUT_MS },
  );
  const rows = [];
  for (const concurrency of cfg.concurrency) {
    log(`echo: concurrency ${concurrency}`);
    const row = await closedLoop({
      concurrency,
      warmupMs: cfg.warmupMs,
      durationMs: cfg.durationMs,
      pids: { responder: echoProc.pid, nats: nats.pid },
      send: async (index) => {
        // The same bodies the ledger gets, so both sides carry the same bytes.
        await client.raw(index, SUBJECTS.echo, transfers.transferBytes());
        return { units: 1, errors: [] };
      },
    });
    rows.push(row);
  }
  await stopTracked(echoProc);
  return rows;
}
