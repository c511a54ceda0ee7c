// The figures the ledger aims for (docs/benchmarks.md), measured against the run; reported, never asserted.
import { fmt, ms } from '../lib/report.mjs';

const SINGLE_VS_ECHO_MIN = 0.5;
const BATCH_TRANSFERS_PER_SEC_MIN = 25_000;
const FIXED_P99_MS_MAX = 10;
/** The fixed-rate target holds only if the ledger also kept up with the rate. */
const FIXED_ACHIEVED_SHARE_MIN = 0.98;
const PEAK_RSS_MB_MAX = 300;

export function evaluateTargets(results) {
  const targets = [];
  if (results.single.length > 0 && results.echo.length > 0) {
    const rows = results.single.filter((row) => row.vsEcho !== null);
    const met = rows.filter((row) => row.vsEcho >= SINGLE_VS_ECHO_MIN).map((row) => row.concurrency);
    targets.push({
      target: 'single transfer.create >= 0.5 x echo rate (same concurrency)',
      measured: rows.map((row) => `c=${row.concurrency}: ${fmt(row.vsEcho, 2)}x`).join(', '),
      met: rows.length > 0 && met.length === rows.length,
    });
  }
  if (results.batch.length > 0) {
    const best = results.batch.reduce((a, b) => (b.unitsPerSec > a.unitsPerSec ? b : a));
    targets.push({
      target: 'batch >= 25,000 transfers/s end to end',
      measured: `best ${fmt(best.unitsPerSec)}/s (batch ${best.batchSize}, c=${best.concurrency})`,
      met: best.unitsPerSec >= BATCH_TRANSFERS_PER_SEC_MIN,
    });
  }
  if (results.fixed) {
    targets.push({
      target: `p99 < 10 ms at a steady ${results.fixed.targetRate} transfer.create/s`,
      measured: `p99 ${ms(results.fixed.latencyMs.p99)} ms at ${fmt(results.fixed.achievedRate)}/s achieved`,
      met:
        results.fixed.latencyMs.p99 !== null &&
        results.fixed.latencyMs.p99 < FIXED_P99_MS_MAX &&
        results.fixed.achievedRate >= FIXED_ACHIEVED_SHARE_MIN * results.fixed.targetRate,
    });
  }
  if (results.memory) {
    const peakKb = Math.max(results.memory.vmHwmKbFinal ?? 0, results.memory.maxSampledRssKb ?? 0);
    targets.push({
      target: 'ledger peak RSS < 300 MB',
      measured: `${fmt(peakKb / 1024)} MB (VmHWM)`,
      met: peakKb < PEAK_RSS_MB_MAX * 1024,
    });
  }
  return targets;
}

/** Reply error counts per phase and level, under the labels the report prints. */
export function errorsByPhase(results) {
  const phaseErrors = {};
  if (results.setup) phaseErrors.setup = results.setup.errors;
  for (const row of results.echo) phaseErrors[`echo c=${row.concurrency}`] = row.errors;
  for (const row of results.single) phaseErrors[`single c=${row.concurrency}`] = row.errors;
  for (const row of results.batch) phaseErrors[`batch ${row.batchSize} c=${row.concurrency}`] = row.errors;
  if (results.fixed) phaseErrors[`fixed ${results.fixed.targetRate}/s`] = results.fixed.errors;
  return phaseErrors;
}
