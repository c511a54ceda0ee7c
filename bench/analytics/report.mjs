// The analytics bench's plain-text report.
import { formatSummary } from '../profile-summary.mjs';
import { cpuText, errorsText, fmt, ms, table } from '../lib/report.mjs';

const mb = (kb) => (kb === null || kb === undefined ? '-' : fmt(kb / 1024, 0));

function header(r) {
  const m = r.machine;
  return [
    `analytics bench, ${r.startedAt}`,
    `machine: ${m.nproc} cores (${m.cpuModel}), ${fmt(m.memTotalMb)} MB, Node ${m.node}, ${m.natsServer ?? 'nats-server ?'}, nats.js ${m.natsClient}`,
    `load average at start ${r.loadAvgStart}, at end ${r.loadAvgEnd}; machine busy before start ${fmt(r.machineBusyBeforeStart)}% of one core`,
  ];
}

function fillSection(r) {
  const f = r.fill;
  if (!f) return [];
  const byType = Object.entries(f.byType).map(([type, n]) => [type, fmt(n), fmt((100 * n) / f.events, 1)]);
  return [
    '',
    `Stream: ${fmt(f.events)} events (${fmt(f.meanEventBytes)} bytes each on average, ${fmt(r.stream.bytes / 1048576)} MB stored), ` +
      `${fmt(f.communities)} communities, ${fmt(f.journalRows)} ledger journal rows; ${fmt(f.schemaChecked)} checked against the contracts' schemas`,
    `  written in ${fmt(f.ms / 1000, 1)} s (${fmt(f.eventsPerSec)} events/s, ${fmt(f.generateMs / 1000, 1)} s of it making them)`,
    table([['event type', 'events', '%'], ...byType]),
  ];
}

function ratesSection(r) {
  const rows = [['', 'events', 's', 'events/s', 'x baseline', 'peak RSS MB', 'CPU % a/N']];
  const base = r.baseline?.parse?.eventsPerSec;
  const ratio = (rate) => (base ? fmt(rate / base, 2) : '-');
  if (r.baseline) {
    for (const [label, b] of [
      ['baseline: read + JSON.parse', r.baseline.parse],
      ['read + analytics decoder (schemas)', r.baseline.decode],
    ]) {
      rows.push([
        label,
        fmt(b.events),
        fmt(b.msFromProcessStart / 1000, 1),
        fmt(b.eventsPerSec),
        ratio(b.eventsPerSec),
        mb(b.maxRssKb),
        '-',
      ]);
    }
  }
  if (r.catchUp) {
    const c = r.catchUp;
    rows.push([
      'catch-up (fresh replica, from process start)',
      fmt(c.events),
      fmt(c.msFromProcessStart / 1000, 1),
      fmt(c.eventsPerSec),
      ratio(c.eventsPerSec),
      mb(c.hwmKb),
      cpuText(c.cpuPercent, ['analytics', 'nats']),
    ]);
  }
  if (r.rebuild) {
    const b = r.rebuild;
    rows.push([
      'rebuild (npm run analytics:rebuild)',
      fmt(b.targetSeq),
      fmt(b.ms / 1000, 1),
      fmt(b.eventsPerSec),
      ratio(b.eventsPerSec),
      mb(b.hwmKb),
      cpuText(b.cpuPercent, ['analytics', 'nats']),
    ]);
  }
  const out = [
    '',
    'Catch-up and rebuild (rates are events over wall time; the baseline is a process reading the same stream)',
    table(rows),
  ];
  if (r.catchUp) {
    const c = r.catchUp;
    out.push(
      `  catch-up: ready after ${fmt(c.readyMs)} ms; ${fmt(c.eventsPerSecApplying)} events/s once applying; ` +
        `${fmt(c.eventsMalformed)} malformed; store ${fmt(c.storeBytes / 1048576)} MB`,
      `  RSS (MB) at 25/50/75/100% of the catch-up: ${Object.values(c.rssAlongTheWay).map(mb).join(' / ')}` +
        (r.rebuild ? `; of the rebuild: ${Object.values(r.rebuild.rssAlongTheWay).map(mb).join(' / ')}` : ''),
    );
  }
  return out;
}

function liveSection(r) {
  const l = r.live;
  if (!l) return [];
  const row = (label, s) => [label, fmt(s.count), ms(s.p50), ms(s.p90), ms(s.p99), ms(s.max)];
  return [
    '',
    `Live: a ledger at ${fmt(l.rate)} transfers/s for ${fmt(l.durationMs / 1000)} s (achieved ${fmt(l.ledgerAchievedRate)}/s, ok ${fmt(l.ledgerOkRate)}/s, ` +
      `reply p99 ${ms(l.ledgerReplyMs.p99)} ms, errors ${errorsText(l.ledgerErrors)}) while analytics follows`,
    table([
      ['ms', 'n', 'p50', 'p90', 'p99', 'max'],
      row('commit -> model (ok reply -> position reached)', l.commitToModelMs),
      row('  commit -> in the stream (ledger publishing)', l.commitToStreamMs),
      row('  in the stream -> model (analytics following)', l.streamToModelMs),
    ]),
    `  position polled every ${l.pollIntervalMs} ms (gaps p99 ${ms(l.pollGapsMs.p99)}, max ${ms(l.pollGapsMs.max)} ms); ${l.missing} transfers never seen in the model; ` +
      `CPU % analytics/ledger/nats/bench/machine ${cpuText(l.cpuPercent, ['analytics', 'ledger', 'nats', 'bench', 'machine'])}`,
  ];
}

function targetsSection(r) {
  const t = r.targets;
  const line = (x) =>
    x === null
      ? []
      : [
          `  ${x.name}: ${fmt(x.eventsPerSec)} events/s (${x.ofBaseline === null ? '-' : fmt(x.ofBaseline, 2)}x baseline) against ${fmt(x.target)}: ${x.met ? 'met' : 'NOT met'}`,
        ];
  return [
    '',
    `Targets: at least min(50,000 events/s, 0.5 x baseline ${fmt(t.baselineEventsPerSec)}) = ${fmt(t.targetEventsPerSec)} events/s`,
    ...line(t.catchUp),
    ...line(t.rebuild),
    ...(r.live
      ? [
          `  live: commit-to-model p99 ${ms(r.live.commitToModelMs.p99)} ms at ${fmt(r.live.rate)} transfers/s (reported; no target)`,
        ]
      : []),
  ];
}

export function formatReport(r) {
  const out = [...header(r), ...fillSection(r), ...ratesSection(r), ...liveSection(r), ...targetsSection(r)];
  if (r.cpuProfileTop)
    out.push('', `CPU profile of analytics: ${r.cpuProfile}`, formatSummary(r.cpuProfileTop));
  return out.join('\n');
}
