// The API bench's settings, all from the environment (docs/benchmarks.md lists them).
import { envInt, envList } from '../lib/env.mjs';
import { join } from 'node:path';

const PHASES = ['http', 'transfers', 'reads', 'feed'];

export function settings() {
  const phases = new Set((process.env.BENCH_API_PHASES ?? PHASES.join(',')).split(',').map((p) => p.trim()));
  for (const phase of phases) {
    if (!PHASES.includes(phase))
      throw new Error(`BENCH_API_PHASES: unknown phase ${phase}; use ${PHASES.join(', ')}`);
  }
  const feedConnections = envInt('BENCH_API_FEED_CONNECTIONS', 1_000);
  return {
    phases,
    durationMs: envInt('BENCH_DURATION_MS', 5_000),
    warmupMs: envInt('BENCH_WARMUP_MS', 1_000),
    /** Closed-loop levels of the bare responder, transfer.create over NATS and POST transfers. */
    concurrency: envList('BENCH_API_CONCURRENCY', [16, 64]),
    /** Closed-loop level of the balance and leaderboard reads. */
    readConcurrency: envInt('BENCH_API_READ_CONCURRENCY', 64),
    /** Public communities (each with its dashboard public); the feed's write load is spread over them. */
    communities: Math.max(1, envInt('BENCH_API_COMMUNITIES', 20)),
    membersPerCommunity: Math.max(2, envInt('BENCH_API_MEMBERS', 8)),
    /** API keys the POST loops share round-robin: one key's limit is at most 60,000 requests a minute. */
    apiKeys: Math.max(1, envInt('BENCH_API_KEYS', 8)),
    feedConnections,
    feedRate: envInt('BENCH_API_FEED_RATE', 2_000),
    feedDurationMs: envInt('BENCH_API_FEED_DURATION_MS', 10_000),
    /** Closed-loop public readers while the feed's write load runs (a dashboard tab reads about 1/s). */
    publicReaders: envInt('BENCH_API_PUBLIC_READERS', 8),
    /** How long after the write load every feed may take to receive its last event. */
    feedDrainTimeoutMs: envInt('BENCH_API_FEED_DRAIN_TIMEOUT_MS', 60_000),
    requestTimeoutMs: envInt('BENCH_REQUEST_TIMEOUT_MS', 30_000),
    cpuProfDir: process.env.BENCH_CPU_PROF ? join(process.cwd(), process.env.BENCH_CPU_PROF) : null,
    gatewayEnv: Object.fromEntries(
      Object.entries(process.env).filter(
        ([key]) => key.startsWith('API_') || key.startsWith('DASHBOARD_') || key.startsWith('RATE_LIMIT_'),
      ),
    ),
  };
}
