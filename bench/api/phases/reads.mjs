// Reads through the API at the read level: a member's balance (the ledger) and the leaderboard
// (analytics), against the bare responder's GET.
import { closedLoop } from '../../lib/load.mjs';
import { makeAgent } from '../http-client.mjs';
import { apiReadSender } from '../senders.mjs';

export async function runReadPhase(run) {
  const { cfg, log, stack, economy, baseline } = run;
  const community = economy.communities[0];
  const base = `/v1/communities/${community.communityId}`;
  const reads = {
    balance: (seq) => `${base}/members/${community.members[seq % community.members.length].userId}/balance`,
    leaderboard: () => `${base}/leaderboard?limit=10`,
  };
  const rows = {};
  for (const [name, path] of Object.entries(reads)) {
    log(`API GET ${name}: concurrency ${cfg.readConcurrency}`);
    const agent = makeAgent(cfg.readConcurrency);
    const row = await closedLoop({
      concurrency: cfg.readConcurrency,
      warmupMs: cfg.warmupMs,
      durationMs: cfg.durationMs,
      pids: stack.pids,
      send: apiReadSender({
        baseUrl: stack.gatewayUrl,
        agent,
        keys: economy.keys,
        path,
        timeoutMs: cfg.requestTimeoutMs,
      }),
    });
    agent.destroy();
    row.vsBare = baseline?.get ? row.requestsPerSec / baseline.get.requestsPerSec : null;
    rows[name] = row;
  }
  return rows;
}
