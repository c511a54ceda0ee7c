import {
  AMOUNT_MAX,
  GOVERNED_PARAMETERS,
  OPEN_PROPOSAL_STATUSES,
  type GovernanceSettingsValues,
  type ParameterId,
  type Proposal,
  type ProposalStatus,
} from '@ticketonomics/contracts';

/** How a rule's value is written: a period (90s, 30m, 12h, 3d), a percentage, or a plain count. */
export type RuleKind = 'duration' | 'percent' | 'count';

/** "2026-12-04 09:30 UTC". */
export function formatTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** How a member reads one proposal: names instead of user ids, times and percentages written out. */
export interface ProposalView {
  id: number;
  title: string;
  proposer: string;
  parameter: ParameterId;
  /** Null: none (a cap never set, or the ledger's unlimited largest payment). */
  from: number | null;
  to: number;
  /** A grant's recipient (its value is the amount paid); null for a setting. */
  recipient: string | null;
  status: ProposalStatus;
  yes: number;
  no: number;
  eligible: number;
  quorum: string;
  threshold: string;
  endsAt: string;
  appliesAt: string | null;
  appliedAt: string | null;
  rejectedFor: 'quorum' | 'threshold' | null;
  veto: { by: string; reason: string } | null;
  failure: string | null;
}

/** A governed parameter as /propose lists it: its value now, its bounds and the largest change. */
export interface ParameterRow {
  parameter: ParameterId;
  /** A grant is a payment proposed once (to a member), not a value kept: it has no current value. */
  grant: boolean;
  current: number | null;
  min: number;
  max: number;
  changeMax: number;
}

/** A community's rules as /governance shows them. */
export type RulesView = GovernanceSettingsValues;

export type Labeler = (userId: string) => string;

export function percent(bps: number): string {
  return `${bps / 100}%`;
}

/** The ledger's largest payment when no limit is set is no value a member would recognise: it reads as none. */
export function shownValue(value: number | null): number | null {
  return value === AMOUNT_MAX ? null : value;
}

export function isOpen(proposal: Pick<Proposal, 'status'>): boolean {
  return OPEN_PROPOSAL_STATUSES.includes(proposal.status);
}

export function proposalView(proposal: Proposal, label: Labeler): ProposalView {
  return {
    id: proposal.id,
    title: proposal.title,
    proposer: label(proposal.proposerId),
    parameter: proposal.parameter,
    from: shownValue(proposal.currentValue),
    to: proposal.proposedValue,
    recipient: proposal.recipientId === null ? null : label(proposal.recipientId),
    status: proposal.status,
    yes: proposal.yes,
    no: proposal.no,
    eligible: proposal.eligibleCount,
    quorum: percent(proposal.quorumBps),
    threshold: percent(proposal.thresholdBps),
    endsAt: formatTime(proposal.votingEndsAt),
    appliesAt: proposal.appliesAt === null ? null : formatTime(proposal.appliesAt),
    appliedAt: proposal.appliedAt === null ? null : formatTime(proposal.appliedAt),
    rejectedFor: proposal.rejectedFor,
    veto: proposal.veto === null ? null : { by: label(proposal.veto.by), reason: proposal.veto.reason },
    failure: proposal.failure,
  };
}

export function parameterRow(parameter: ParameterId, current: number | null): ParameterRow {
  const { min, max, changeMax, kind } = GOVERNED_PARAMETERS[parameter];
  return { parameter, grant: kind === 'grant', current: shownValue(current), min, max, changeMax };
}

/** "3d 4h", "2s", "0s"; a period that is not whole seconds in milliseconds. */
export function formatDuration(ms: number, units: { d: string; h: string; m: string; s: string }): string {
  if (ms % 1000 !== 0) return `${ms} ms`;
  let seconds = ms / 1000;
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
  ] as const) {
    const count = Math.floor(seconds / size);
    if (count > 0) parts.push(`${count}${units[unit]}`);
    seconds -= count * size;
  }
  if (seconds > 0 || parts.length === 0) parts.push(`${seconds}${units.s}`);
  return parts.join(' ');
}

/** Telegram takes at most 4096 characters in a message; the rest is room for the "and N more" line. */
export const REPLY_LENGTH_MAX = 3_900;

/**
 * Sections of cards joined by blank lines, as many cards as fit in one message, in order; `more` says how
 * many were left out. A section whose cards were all left out loses its header too.
 */
export function fitSections(
  sections: { header: string; cards: string[] }[],
  more: (count: number) => string,
  lengthMax = REPLY_LENGTH_MAX,
): string {
  const blocks: string[] = [];
  let length = 0;
  let left = 0;
  for (const { header, cards } of sections) {
    let headed = false;
    for (const card of cards) {
      const added = (headed ? 0 : header.length + 2) + card.length + 2;
      if (left > 0 || length + added > lengthMax) {
        left += 1;
        continue;
      }
      if (!headed) blocks.push(header);
      headed = true;
      blocks.push(card);
      length += added;
    }
  }
  return [...blocks, ...(left > 0 ? [more(left)] : [])].join('\n\n');
}
