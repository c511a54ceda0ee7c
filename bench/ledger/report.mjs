// The ledger bench's plain-text report: a header about the machine and the settings, then one section per
// phase, the errors and the targets. Each section prints only when its phase ran.
import { formatSummary } from '../profile-summary.mjs';
import { cpuText, errorsText, fmt, ms, table } from '../lib/report.mjs';

const LEDGER_CPU = ['ledger', 'nats', 'bench', 'other'];

function header(r) {
  const m = r.machine;
  return [
    '',
    `Ticketonomics ledger benchmark  ${r.startedAt}`,
    `machine: ${m.nproc} cores (${m.cpuModel}), ${fmt(m.memTotalMb)} MB RAM, node ${m.node}, ${m.natsServer ?? 'nats-server ?'}, nats.js ${m.natsClient ?? '?'}`,
    `ledger: synchronous=${r.settings.ledgerSynchronous}; per level ${fmt(r.settings.warmupMs)} ms warm-up + ${fmt(r.settings.durationMs)} ms measured; ` +
      `load: ${r.loadGenerator}. Everything (nats-server, ledger, load generator) shares the same cores.`,
    [
      'Columns: cpu% E/N/B/other = % of one core used in the measured window by the Echo responder or Ledger / Nats-server / Bench',
      "  (load generator) / other work on the machine; runq wait% = share of the window the responder's or ledger's event-loop",
      '  thread was runnable but waiting for a CPU (contention); cpu µs/tx = ledger CPU time / transfers done in the window;',
      '  avg group = transfers (or batch requests) per SQLite commit; backlog = journal groups whose events are not yet published to',
      '  JetStream at the end of the window (the bench waits for it to drain, drain ms, before the next level).',
    ].join('\n'),
    `machine busy before start ${fmt(r.machineBusyBeforeStart)}% of one core; load average (1 min) at start ${r.loadAvgStart ?? '-'}, at end ${r.loadAvgEnd ?? '-'}`,
  ];
}

function echoSection(rows) {
  return [
    '',
    '1. Baseline: bare NATS echo responder (Node, queue group, replies with the request body)',
    table([
      ['conc', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'cpu% E/N/B/other', 'runq wait%'],
      ...rows.map((row) => [
        row.concurrency,
        fmt(row.requestsPerSec),
        ms(row.latencyMs.p50),
        ms(row.latencyMs.p99),
        ms(row.latencyMs.max),
        errorsText(row.errors),
        cpuText(row.cpuPercent, ['responder', 'nats', 'bench', 'other']),
        fmt(row.cpuPercent?.responderRunqWait),
      ]),
    ]),
  ];
}

function singleSection(rows) {
  return [
    '',
    '2. Ledger transfer.create (one transfer per request, code reward, amount 1)',
    table([
      [
        'conc',
        'transfers/s',
        'p50 ms',
        'p99 ms',
        'max ms',
        'vs echo',
        'avg group',
        'backlog',
        'drain ms',
        'cpu µs/tx',
        'errors',
        'cpu% L/N/B/other',
        'runq wait%',
      ],
      ...rows.map((row) => [
        row.concurrency,
        fmt(row.unitsPerSec),
        ms(row.latencyMs.p50),
        ms(row.latencyMs.p99),
        ms(row.latencyMs.max),
        row.vsEcho === null ? '-' : `${fmt(row.vsEcho, 2)}x`,
        fmt(row.commit?.avgGroupSize, 1),
        fmt(row.commit?.eventsBacklogAtEnd),
        fmt(row.eventsDrain?.ms),
        fmt(row.ledgerCpuUsPerTransfer),
        errorsText(row.errors),
        cpuText(row.cpuPercent, LEDGER_CPU),
        fmt(row.cpuPercent?.ledgerRunqWait),
      ]),
    ]),
  ];
}

function batchSection(rows) {
  return [
    '',
    '3. Ledger transfer.batch (latency per request)',
    table([
      [
        'batch',
        'conc',
        'req/s',
        'transfers/s',
        'p50 ms',
        'p99 ms',
        'max ms',
        'backlog',
        'drain ms',
        'cpu µs/tx',
        'errors',
        'cpu% L/N/B/other',
        'runq wait%',
      ],
      ...rows.map((row) => [
        row.batchSize,
        row.concurrency,
        fmt(row.requestsPerSec, 1),
        fmt(row.unitsPerSec),
        ms(row.latencyMs.p50),
        ms(row.latencyMs.p99),
        ms(row.latencyMs.max),
        fmt(row.commit?.eventsBacklogAtEnd),
        fmt(row.eventsDrain?.ms),
        fmt(row.ledgerCpuUsPerTransfer),
        errorsText(row.errors),
        cpuText(row.cpuPercent, LEDGER_CPU),
        fmt(row.cpuPercent?.ledgerRunqWait),
      ]),
    ]),
  ];
}

function fixedSection(f) {
  return [
    '',
    `4. Fixed rate, open loop: transfer.create scheduled at ${fmt(f.targetRate)}/s, latency from the scheduled time`,
    table([
      [
        'target/s',
        'achieved/s',
        'p50 ms',
        'p90 ms',
        'p99 ms',
        'max ms',
        'max in flight',
        'send lag ms',
        'backlog',
        'cpu µs/tx',
        'errors',
        'cpu% L/N/B/other',
        'runq wait%',
      ],
      [
        fmt(f.targetRate),
        fmt(f.achievedRate),
        ms(f.latencyMs.p50),
        ms(f.latencyMs.p90),
        ms(f.latencyMs.p99),
        ms(f.latencyMs.max),
        fmt(f.maxOutstanding),
        ms(f.maxSendLagMs),
        fmt(f.commit?.eventsBacklogAtEnd),
        fmt(f.ledgerCpuUsPerTransfer),
        errorsText(f.errors),
        cpuText(f.cpuPercent, LEDGER_CPU),
        fmt(f.cpuPercent?.ledgerRunqWait),
      ],
    ]),
  ];
}

function memorySection(mem) {
  const out = [
    '',
    '5. Ledger memory',
    `  VmHWM (peak RSS) ${fmt(mem.vmHwmKbFinal / 1024, 1)} MB at the end (${fmt(mem.vmHwmKbAtLoadEnd / 1024, 1)} MB before journal.verify); ` +
      `max sampled VmRSS ${fmt(mem.maxSampledRssKb / 1024, 1)} MB (${mem.samples} samples every ${mem.sampleIntervalMs} ms)`,
  ];
  if (mem.maxSampledWalBytes !== undefined)
    out.push(`  WAL file: largest sampled ${fmt(mem.maxSampledWalBytes / 1024 / 1024, 1)} MB (every 250 ms)`);
  return out;
}

function afterLoadSection(r) {
  const v = r.verify;
  const out = [
    '',
    '6. After the load',
    `  journal.verify: ok=${v.ok} entries=${fmt(v.entries)} (expected ${fmt(v.expectedEntries)}: ${r.settings.accounts} mints + transfers answered ok) ` +
      `chainBreaks=${v.chainBreaks ?? '-'} balanceMismatches=${v.balanceMismatches ?? '-'} in ${fmt(v.ms)} ms${v.error ? ` error: ${v.error}` : ''}`,
  ];
  if (r.events) {
    out.push(
      `  events: ${fmt(r.events.unsentAtLoadEnd)} journal groups unpublished at the end of the load, ${fmt(r.events.unsentAfterWait)} after ${fmt(r.events.drainMs)} ms; ` +
        `JetStream stream holds ${fmt(r.events.streamMessages)} events`,
    );
  }
  out.push(`  ledger exit: code ${r.ledgerExit?.code ?? '-'} signal ${r.ledgerExit?.signal ?? '-'}`);
  return out;
}

function rebuildSection(rb) {
  if (rb.error) return ['', '7. Rebuild from the replicated journal', `  failed: ${rb.error}`];
  return [
    '',
    '7. Rebuild from the replicated journal (a fresh ledger, empty data directory, started until /readyz)',
    `  ${fmt(rb.entries)} journal entries in ${fmt(rb.journalMessages)} journal messages (${fmt(rb.journalBytes / 1024 / 1024, 1)} MB stored): ` +
      `ready in ${fmt(rb.readyMs)} ms, ${fmt(rb.entriesPerSec)} entries/s; peak RSS ${fmt(rb.maxRssKb / 1024, 1)} MB`,
    `  journal.verify on the rebuilt ledger: ok=${rb.verify.ok} entries=${fmt(rb.verify.entries)} in ${fmt(rb.verify.ms)} ms${rb.verify.error ? ` error: ${rb.verify.error}` : ''}` +
      (rb.toppedUp > 0
        ? `; ${fmt(rb.toppedUp)} transfers written in batches first to reach ${fmt(rb.entriesTarget)}`
        : ''),
    ...(rb.verify.ledgerErrors ?? []).map((line) => `    ledger: ${line}`),
  ];
}

function errorsSection(errors) {
  const anyErrors = Object.entries(errors).filter(([, counts]) => Object.keys(counts).length > 0);
  return [
    '',
    `Reply errors per phase: ${anyErrors.length === 0 ? 'none in any phase' : ''}`,
    ...anyErrors.map(([phase, counts]) => `  ${phase}: ${errorsText(counts)}`),
  ];
}

function targetsSection(targets) {
  return [
    '',
    'Targets (measured, not asserted)',
    table([
      ['target', 'measured', 'met'],
      ...targets.map((t) => [t.target, t.measured, t.met ? 'yes' : 'NO']),
    ]),
  ];
}

function runSections(r) {
  const out = ['', `=== ${r.replicationLabel} ===`];
  if (r.echo.length > 0) out.push(...echoSection(r.echo));
  if (r.single.length > 0) out.push(...singleSection(r.single));
  if (r.batch.length > 0) out.push(...batchSection(r.batch));
  if (r.fixed) out.push(...fixedSection(r.fixed));
  if (r.memory) out.push(...memorySection(r.memory));
  if (r.verify) out.push(...afterLoadSection(r));
  if (r.rebuild) out.push(...rebuildSection(r.rebuild));
  out.push(...errorsSection(r.errors));
  if (r.targets.length > 0) out.push(...targetsSection(r.targets));
  if (r.cpuProfileTop)
    out.push('', `CPU profile of the ledger: ${r.cpuProfile}`, formatSummary(r.cpuProfileTop));
  return out;
}

/** The header once, then every replication setting's sections (each run's fields over the shared ones). */
export function formatReport(results) {
  const out = header(results);
  for (const run of results.runs) out.push(...runSections({ ...results, ...run }));
  return out.join('\n');
}
