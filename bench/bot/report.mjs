// The bot bench's printed report: one row per phase, as a rate and as a ratio to the baseline (the
// emulator alone), with where the CPU went and how many command requests each message cost.
import { cpuText, fmt, ms, table } from '../lib/report.mjs';
import { formatSummary } from '../profile-summary.mjs';

const PROCESSES = ['gateway', 'accounts', 'ledger', 'nats', 'bench'];
const LABELS = {
  baseline: 'baseline: emulator -> bare getUpdates',
  new: 'rewarded, new members',
  known: 'rewarded, known members',
  replies: 'command replies (/balance)',
};

function percents(cpu) {
  if (!cpu) return null;
  return Object.fromEntries(Object.entries(cpu).map(([name, used]) => [name, used?.percentOfOneCore]));
}

export function formatReport(results) {
  const base = results.phases.baseline?.perSecond ?? null;
  const rows = [
    [
      'phase',
      'msgs',
      'done',
      'seconds',
      'msgs/s',
      'x baseline',
      'p50 ms',
      'p99 ms',
      'requests/msg',
      `CPU % (${PROCESSES.join('/')})`,
    ],
  ];
  for (const [key, phase] of Object.entries(results.phases)) {
    rows.push([
      LABELS[key] ?? key,
      fmt(phase.count),
      fmt(phase.done),
      fmt(phase.elapsedMs / 1000, 2),
      fmt(phase.perSecond),
      base && key !== 'baseline' ? fmt(phase.perSecond / base, 4) : '-',
      ms(phase.latencyMs?.p50),
      ms(phase.latencyMs?.p99),
      key === 'baseline' ? '-' : fmt(phase.requestsPerMessage, 2),
      cpuText(percents(phase.cpu), PROCESSES),
    ]);
  }
  const lines = [
    `bot bench ${results.startedAt}: ${results.settings.messages} messages per phase in ${results.settings.groups} groups, ` +
      `${results.settings.webhook ? 'webhook' : 'long polling'}`,
    `machine: ${results.machine.nproc} cores, ${results.machine.cpuModel}, node ${results.machine.node}; ` +
      `load ${results.loadAvgStart} -> ${results.loadAvgEnd}, busy before start ${fmt(results.machineBusyBeforeStart)}% of one core`,
    '',
    table(rows),
  ];
  for (const [key, phase] of Object.entries(results.phases)) {
    if (key === 'baseline' || Object.keys(phase.commands).length === 0) continue;
    const list = Object.entries(phase.commands)
      .sort((a, b) => b[1] - a[1])
      .map(([subject, n]) => `${subject.replace('tk.cmd.', '')} ${fmt(n / phase.count, 2)}`)
      .join(', ');
    lines.push('', `requests per message, ${LABELS[key]}: ${list}`);
  }
  const target = results.phases.new;
  if (target) {
    lines.push(
      '',
      `target: >= 500 rewarded messages/s for new members: ${target.perSecond >= 500 ? 'met' : 'NOT met'} (${fmt(target.perSecond)}/s)`,
    );
  }
  if (results.cpuProfileTop)
    lines.push(
      '',
      `CPU profile of ${results.settings.cpuProfService}: ${results.cpuProfile}`,
      formatSummary(results.cpuProfileTop),
    );
  return lines.join('\n');
}
