// The API bench's printed report: machine and load first, then one table per phase, then the targets.
import { cpuText, errorsText, fmt, ms, table } from '../lib/report.mjs';
import { formatSummary } from '../profile-summary.mjs';

const CPU_COLUMNS = ['gateway', 'ledger', 'accounts', 'analytics', 'nats', 'bench', 'other'];
const CPU_HEADER = 'cpu% G/L/A/An/N/B/other';

function loopRow(label, row, ratio) {
  return [
    label,
    String(row.concurrency),
    fmt(row.requestsPerSec),
    ratio,
    ms(row.latencyMs.p50),
    ms(row.latencyMs.p99),
    errorsText(row.errors),
    cpuText(row.cpuPercent, CPU_COLUMNS),
  ];
}

export function formatReport(results) {
  const lines = [];
  const m = results.machine;
  lines.push(
    `api bench ${results.startedAt}: ${m.nproc} cores (${m.cpuModel}), ${m.memTotalMb} MB, node ${m.node}, ${m.natsServer ?? 'nats-server ?'}`,
    `machine load: loadavg ${results.loadAvgStart} -> ${results.loadAvgEnd}, busy before start ${fmt(results.machineBusyBeforeStart)}% of one core`,
    `gateway limits raised for the bench: ${JSON.stringify(results.gatewayLimits)}`,
    '',
  );
  const base = results.baseline;
  if (base) {
    const baseRow = (label, row) => [
      label,
      String(row.concurrency),
      fmt(row.requestsPerSec),
      ms(row.latencyMs.p50),
      ms(row.latencyMs.p99),
      errorsText(row.errors),
      cpuText(row.cpuPercent, ['responder', 'bench', 'other']),
    ];
    lines.push(
      table([
        ['baseline', 'c', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'cpu% R/B/other'],
        ...base.post.map((row) => baseRow('bare HTTP POST', row)),
        baseRow('bare HTTP GET', base.get),
      ]),
      '',
    );
  }
  const rows = [['phase', 'c', 'req/s', 'ratio', 'p50 ms', 'p99 ms', 'errors', CPU_HEADER]];
  const transfers = results.transfers;
  if (transfers) {
    for (const row of transfers.nats) rows.push(loopRow('transfer.create NATS', row, '1.00 (base)'));
    for (const row of transfers.api)
      rows.push(
        loopRow('API POST transfers', row, `${fmt(row.vsNats, 2)}x NATS, ${fmt(row.vsBare, 2)}x bare`),
      );
  }
  const reads = results.reads;
  if (reads) {
    for (const [name, row] of Object.entries(reads))
      rows.push(loopRow(`API GET ${name}`, row, `${fmt(row.vsBare, 2)}x bare`));
  }
  lines.push(table(rows), '');
  const feed = results.feed;
  if (feed) {
    lines.push(
      `live feeds: ${feed.open.attached}/${feed.open.asked} attached in ${fmt(feed.open.openMs)} ms over ${results.settings.communities} communities; refused ${JSON.stringify(feed.open.refused)}`,
      `write load (NATS, open loop): target ${fmt(feed.writes.targetRate)}/s, ok ${fmt(feed.writes.okRate)}/s, p50 ${ms(feed.writes.latencyMs.p50)} ms, p99 ${ms(feed.writes.latencyMs.p99)} ms, errors ${errorsText(feed.writes.errors)}, ${CPU_HEADER} ${cpuText(feed.writes.cpuPercent, CPU_COLUMNS)}`,
      `feed events: ${fmt(feed.framesReceived)} of ${fmt(feed.framesExpected)} delivered (${fmt(feed.transfersOk)} transfers x their community's feeds), last one ${fmt(feed.drainMs)} ms after the load ended`,
      `per feed: ${feed.loss.complete} complete, ${feed.loss.short} short (${feed.loss.missing} events missing), ${feed.loss.over} over, ${feed.loss.endedByServer} ended by the gateway; smallest share received ${fmt(feed.loss.minShare, 3)}`,
      '',
      table([
        ['public reads', 'c', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', CPU_HEADER],
        [
          'at rest',
          String(feed.readsAtRest.concurrency),
          fmt(feed.readsAtRest.requestsPerSec),
          ms(feed.readsAtRest.latencyMs.p50),
          ms(feed.readsAtRest.latencyMs.p99),
          ms(feed.readsAtRest.latencyMs.max),
          errorsText(feed.readsAtRest.errors),
          cpuText(feed.readsAtRest.cpuPercent, CPU_COLUMNS),
        ],
        [
          'under write load + feeds',
          String(feed.readsUnderLoad.concurrency),
          fmt(feed.readsUnderLoad.requestsPerSec),
          ms(feed.readsUnderLoad.latencyMs.p50),
          ms(feed.readsUnderLoad.latencyMs.p99),
          ms(feed.readsUnderLoad.latencyMs.max),
          errorsText(feed.readsUnderLoad.errors),
          cpuText(feed.readsUnderLoad.cpuPercent, CPU_COLUMNS),
        ],
      ]),
      `public read p99 under load: ${fmt(feed.readsP99VsRest, 2)}x at rest`,
      '',
    );
  }
  if (results.memory) {
    lines.push(
      `peak RSS MB: ${Object.entries(results.memory)
        .map(([name, figures]) => `${name} ${fmt(figures.maxRssMb)}`)
        .join(', ')}`,
    );
  }
  lines.push('targets:');
  for (const [name, target] of Object.entries(results.targets ?? {})) {
    lines.push(
      `  ${target.met ? 'MET    ' : 'NOT MET'} ${name}: ${target.measured} (target ${target.target})`,
    );
  }
  if (results.cpuProfileTop)
    lines.push('', `api-gateway CPU profile: ${results.cpuProfile}`, formatSummary(results.cpuProfileTop));
  return lines.join('\n');
}
