// The baseline: the bare HTTP responder (bench/api/bare-http-responder.mjs) under the same closed loops
// the API gets, POST with the transfer's headers and body at each level, GET at the read level.
import { join } from 'node:path';
import { closedLoop } from '../../lib/load.mjs';
import { freePort, httpStatus, spawnTracked, stopTracked, waitFor } from '../../lib/proc.mjs';
import { errorCodeOf, makeAgent, send } from '../http-client.mjs';

const READY_TIMEOUT_MS = 15_000;
const BARE_PATH = '/v1/communities/bench/transfers';

function bareSender({ url, agent, method, timeoutMs }) {
  let n = 0;
  return async () => {
    const seq = n++;
    const reply = await send({
      url,
      method,
      agent,
      timeoutMs,
      headers: { Authorization: 'Bearer tk_bench_bare_key', 'Idempotency-Key': `bare-${seq}` },
      body: method === 'POST' ? JSON.stringify({ from: 'a', to: 'b', amount: 1, memo: 'bench' }) : undefined,
    });
    return reply.status < 300 ? { units: 1, errors: [] } : { units: 0, errors: [errorCodeOf(reply)] };
  };
}

/** Answers { post: [row per level], get: row }. */
export async function runHttpBaseline({ cfg, log, benchDir, logDir }) {
  const port = await freePort();
  const proc = spawnTracked(process.execPath, [join(benchDir, 'api', 'bare-http-responder.mjs')], {
    env: { ...process.env, HTTP_PORT: String(port) },
    logPath: join(logDir, 'bare-http-responder.log'),
  });
  const url = `http://127.0.0.1:${port}${BARE_PATH}`;
  try {
    await waitFor('bare HTTP responder', async () => (await httpStatus(url)) === 200, {
      proc,
      timeoutMs: READY_TIMEOUT_MS,
    });
    const pids = { responder: proc.pid };
    const post = [];
    for (const concurrency of cfg.concurrency) {
      log(`bare HTTP POST: concurrency ${concurrency}`);
      const agent = makeAgent(concurrency);
      post.push(
        await closedLoop({
          concurrency,
          warmupMs: cfg.warmupMs,
          durationMs: cfg.durationMs,
          pids,
          send: bareSender({ url, agent, method: 'POST', timeoutMs: cfg.requestTimeoutMs }),
        }),
      );
      agent.destroy();
    }
    log(`bare HTTP GET: concurrency ${cfg.readConcurrency}`);
    const agent = makeAgent(cfg.readConcurrency);
    const get = await closedLoop({
      concurrency: cfg.readConcurrency,
      warmupMs: cfg.warmupMs,
      durationMs: cfg.durationMs,
      pids,
      send: bareSender({ url, agent, method: 'GET', timeoutMs: cfg.requestTimeoutMs }),
    });
    agent.destroy();
    return { post, get };
  } finally {
    await stopTracked(proc, 5_000);
  }
}
