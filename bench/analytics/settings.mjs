// The analytics bench's settings, all from the environment (docs/benchmarks.md lists them).
import { envInt } from '../lib/env.mjs';
import { join } from 'node:path';

const PHASES = ['baseline', 'catchup', 'rebuild', 'live'];

export function settings() {
  const phases = new Set(
    (process.env.BENCH_ANALYTICS_PHASES ?? PHASES.join(',')).split(',').map((phase) => phase.trim()),
  );
  for (const phase of phases) {
    if (!PHASES.includes(phase))
      throw new Error(`BENCH_ANALYTICS_PHASES: unknown phase ${phase}; use ${PHASES.join(', ')}`);
  }
  return {
    phases,
    /** Events written to the stream before anything reads it. */
    events: envInt('BENCH_ANALYTICS_EVENTS', 1_000_000),
    communities: envInt('BENCH_ANALYTICS_COMMUNITIES', 500),
    /** Members of the largest community; the others fall off as a power law of their rank. */
    membersMax: envInt('BENCH_ANALYTICS_MEMBERS_MAX', 5_000),
    /** The events' times run evenly over this many days up to now. */
    spanDays: envInt('BENCH_ANALYTICS_SPAN_DAYS', 60),
    /** Events published per round (in flight at once) while filling. */
    fillRound: envInt('BENCH_ANALYTICS_FILL_ROUND', 5_000),
    /** analytics' ANALYTICS_BATCH_MAX, which the baseline's consumer uses too (analytics' default unless set). */
    batchMax: envInt('ANALYTICS_BATCH_MAX', 5000),
    liveRate: envInt('BENCH_ANALYTICS_LIVE_RATE', 2_000),
    liveDurationMs: envInt('BENCH_ANALYTICS_LIVE_MS', 20_000),
    liveWarmupMs: envInt('BENCH_ANALYTICS_LIVE_WARMUP_MS', 2_000),
    /** How often the bench reads the analytics store's position during the live phase. */
    livePollMs: envInt('BENCH_ANALYTICS_LIVE_POLL_MS', 5),
    liveAccounts: envInt('BENCH_ACCOUNTS', 32),
    catchUpTimeoutMs: envInt('BENCH_ANALYTICS_TIMEOUT_MS', 1_800_000),
    cpuProfDir: process.env.BENCH_CPU_PROF ? join(process.cwd(), process.env.BENCH_CPU_PROF) : null,
    analyticsEnv: Object.fromEntries(
      Object.entries(process.env).filter(([key]) => key.startsWith('ANALYTICS_')),
    ),
  };
}
