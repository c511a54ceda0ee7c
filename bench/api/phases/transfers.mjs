// Transfers at each level: transfer.create over NATS straight to the ledger, then POST transfers through
// the API (Idempotency-Key, the key's checks, the members' checks, the replay mark, the audit entry) to
// the same ledger between the same members.
import { closedLoop } from '../../lib/load.mjs';
import { makeAgent } from '../http-client.mjs';
import { apiTransferSender, natsTransferSender } from '../senders.mjs';

/** Answers { nats: [row per level], api: [row per level] }; each API row has its ratios. */
export async function runTransferPhase(run) {
  const { cfg, log, stack, client, economy, runId, baseline } = run;
  const community = economy.communities[0];
  const rows = { nats: [], api: [] };
  for (const concurrency of cfg.concurrency) {
    log(`ledger transfer.create over NATS: concurrency ${concurrency}`);
    rows.nats.push(
      await closedLoop({
        concurrency,
        warmupMs: cfg.warmupMs,
        durationMs: cfg.durationMs,
        pids: stack.pids,
        send: natsTransferSender({ client, community, idPrefix: `n-${runId}-c${concurrency}` }),
      }),
    );
  }
  for (const concurrency of cfg.concurrency) {
    log(`API POST transfers: concurrency ${concurrency}`);
    const agent = makeAgent(concurrency);
    const row = await closedLoop({
      concurrency,
      warmupMs: cfg.warmupMs,
      durationMs: cfg.durationMs,
      pids: stack.pids,
      send: apiTransferSender({
        baseUrl: stack.gatewayUrl,
        agent,
        community,
        keys: economy.keys,
        idPrefix: `a-${runId}-c${concurrency}`,
        timeoutMs: cfg.requestTimeoutMs,
      }),
    });
    agent.destroy();
    const direct = rows.nats.find((other) => other.concurrency === concurrency);
    const bare = baseline?.post.find((other) => other.concurrency === concurrency);
    row.vsNats = direct ? row.unitsPerSec / direct.unitsPerSec : null;
    row.vsBare = bare ? row.requestsPerSec / bare.requestsPerSec : null;
    rows.api.push(row);
  }
  return rows;
}
