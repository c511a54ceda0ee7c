import {
  BUS_ROLES,
  PARTITION_COUNT_MAX,
  READ_COMMANDS,
  SERVICE_ROLES,
  partitionLabel,
  partitionLeasesBucketOf,
  partitionSubjectsOf,
  type CommandSpec,
  type ServiceRole,
} from '@ticketonomics/contracts';

/** `tk.cmd.ledger.transfer.create` and its siblings as `ledger: transfer.create, …`, grouped by service. */
function bySubjectService(specs: readonly CommandSpec[]): string {
  const groups = new Map<string, string[]>();
  for (const spec of specs) {
    const [, , service, ...rest] = spec.subject.split('.');
    groups.set(service, [...(groups.get(service) ?? []), rest.join('.')]);
  }
  if (groups.size === 0) return '—';
  return [...groups]
    .map(([service, names]) => `${service}: ${[...new Set(names)].sort().join(', ')}`)
    .join('; ');
}

function jetStreamOf(role: ServiceRole): string {
  const { durables, orderedConsumers, ownStreams, kvBuckets, partitioned, partitionCountMax } =
    BUS_ROLES[role];
  const partitionCount = partitionCountMax ?? PARTITION_COUNT_MAX;
  const lastPartition = partitionLabel(partitionCount - 1);
  const parts = [
    'creates the event stream if missing',
    ...durables.map(
      (name) =>
        `durable consumer \`${name}\`${partitioned && partitionCount > 1 ? ` (and \`${name}-p000\` … \`-${lastPartition}\`, one per partition)` : ''}`,
    ),
    ...(orderedConsumers ? ['ordered consumers on the event stream'] : []),
    ...ownStreams.map((name) => `owns stream \`${name}\``),
    ...kvBuckets.map((name) => `owns bucket \`${name}\``),
    ...(partitioned
      ? [
          `partitioned: serves and sends on \`${partitionSubjectsOf(role)}\`, owns bucket \`${partitionLeasesBucketOf(role)}\``,
        ]
      : []),
  ];
  return parts.join('; ');
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** docs/security.md's permission table, generated from libs/contracts/src/bus/bus.roles.ts. */
export function renderRolesMarkdown(): string {
  const rows = SERVICE_ROLES.map((role) => {
    const spec = BUS_ROLES[role];
    const answers = spec.serves.length > 0 ? `\`tk.cmd.${role}.*\` (${spec.serves.length} commands)` : '—';
    const publishes = spec.publishes.length > 0 ? spec.publishes.map((s) => `\`${s}\``).join(', ') : '—';
    const listens =
      spec.listens.length > 0 ? `; hears ${spec.listens.map((s) => `\`${s}\``).join(', ')}` : '';
    return `| ${role} | ${answers} | ${publishes}${listens} | ${cell(bySubjectService(spec.requests))} | ${jetStreamOf(role)} |`;
  });
  return [
    '| role | answers | publishes | may send | JetStream |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    `| tools (\`tools-<name>\`) | — | — (hears \`tk.evt.>\`) | ${cell(bySubjectService(READ_COMMANDS))} | reads its own pull consumer \`tools-<name>\`, made by the operator |`,
    "| operator | — | everything | everything | everything (stream limits, tools' consumers) |",
    '',
    "Every user also subscribes to its own reply inbox, `_INBOX.<user>.>`, and to nothing of anyone else's. A",
    'service that answers commands may publish its answers to the inboxes of the users whose role may send it',
    'one (the operator, tools for the read commands, the services in the table) and to its own, and nowhere',
    'else; no user gets `allow_responses` (see below).',
  ].join('\n');
}
