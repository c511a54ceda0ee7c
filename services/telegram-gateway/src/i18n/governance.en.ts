import type { ParameterId } from '@ticketonomics/contracts';
import {
  formatDuration,
  percent,
  type ParameterRow,
  type ProposalView,
  type RuleKind,
  type RulesView,
} from '../governance/governance.format';
import type { PoolView } from '../governance/pools.format';

const UNITS = { d: 'd', h: 'h', m: 'm', s: 's' };
const duration = (ms: number) => formatDuration(ms, UNITS);
const value = (v: number | null) => (v === null ? 'none' : String(v));

const SUMMARIES: Record<ParameterId, string> = {
  'ledger.taxBps': 'tax on payments, in basis points (100 = 1%)',
  'ledger.transferMin': 'smallest payment, in tickets',
  'ledger.transferMax': 'largest payment, in tickets',
  'ledger.dailySendMax': 'most a member may pay per UTC day',
  'ledger.dailyReceiveMax': 'most a member may receive per UTC day',
  'emission.fixedAmount': 'tickets minted each emission period (0: none)',
  'emission.rateBps': 'basis points of the supply minted each period (0: none)',
  'emission.supplyCap': 'supply at which emission stops',
  'distribution.basicIncomeShareBps': 'share of emission paid equally to active members, in bps',
  'distribution.earnedShareBps': 'share of emission paid by rewards earned, in bps',
  'distribution.interestShareBps': 'share of emission paid by balances (interest), in bps',
  'treasury.grant': 'a payment from the treasury to a member, once',
  'rewards.messageReward': 'tickets per rewarded message',
  'rewards.messageCooldownMs': 'wait between rewarded messages, in ms',
  'rewards.dailyMessageRewardsMax': 'rewarded messages per member per day',
  'rewards.dailyBonus': 'tickets of /daily',
  'rewards.dailyStreakBonus': 'extra tickets per day of /daily in a row',
};

function ruleValueEn(kind: RuleKind, v: number): string {
  return kind === 'duration' ? duration(v) : kind === 'percent' ? percent(v) : String(v);
}

function statusEn(p: ProposalView): string {
  switch (p.status) {
    case 'voting':
      return `Voting until ${p.endsAt}.`;
    case 'passed':
      return `Passed; applies at ${p.appliesAt ?? 'the end of its timelock'}.`;
    case 'applying':
      return 'Passed; being applied now.';
    case 'applied':
      return p.recipient === null
        ? `Passed and applied${p.appliedAt === null ? '' : ` at ${p.appliedAt}`}: ${p.parameter} is now ${p.to}.`
        : `Passed and paid${p.appliedAt === null ? '' : ` at ${p.appliedAt}`}: ${p.to} tickets from the treasury to ${p.recipient}.`;
    case 'rejected':
      return p.rejectedFor === 'quorum'
        ? 'Rejected: too few members voted (quorum not met).'
        : 'Rejected: not enough yes votes.';
    case 'vetoed':
      return `Vetoed by ${p.veto?.by ?? 'an admin'}: ${p.veto?.reason ?? ''}`;
    case 'cancelled':
      return 'Withdrawn by its proposer.';
    case 'failed':
      return `Failed: the change was refused (${p.failure ?? 'no reason given'}).`;
    case 'expired':
      return 'Expired: it could not be applied in time, so nothing changed.';
  }
}

function poolStatusEn(p: PoolView): string {
  switch (p.status) {
    case 'open':
      return `Open until ${p.deadline}: /pledge ${p.id} <amount>.`;
    case 'settling':
      return 'Target reached: paying out now.';
    case 'settled':
      return `Target reached: ${p.pledged} tickets paid ${p.purpose === 'prize' ? `to ${p.recipient ?? '?'}` : 'into the treasury'}.`;
    case 'releasing':
    case 'released':
      return p.releaseReason === 'cancelled'
        ? 'Cancelled: every pledge was released, no tickets moved.'
        : p.releaseReason === 'refused'
          ? `Not paid out (${p.failure ?? 'refused'}): every pledge was released, no tickets moved.`
          : 'The deadline passed before the target: every pledge was released, no tickets moved.';
  }
}

/** The governance commands' part of the catalogue, in English; messages.en.ts spreads it into `en`. */
export const governanceCommandsEn = {
  propose: 'Propose a change by vote: /propose <parameter> <value> <title> (alone: the parameters)',
  proposals: 'Open proposals and recent results',
  vote: 'Vote on a proposal: /vote 3 (buttons) or /vote 3 yes|no',
  veto: 'Admins: stop a proposal: /veto 3 <reason>',
  governance: "The group's voting rules (admins: /governance <rule> <value>)",
  pool: 'Cooperation pools: /pool (open ones), /pool 500 3d <title> (a new one)',
  pledge: 'Pledge tickets to a pool: /pledge 3 50 (held until it settles or releases)',
} as const;

export const governanceMessagesEn = {
  govParametersHeader: (p: { unknown: string | null }) =>
    p.unknown === null
      ? 'Parameters members may change by vote (now; bounds; largest change per proposal):'
      : `There is no parameter "${p.unknown}" to vote on. The parameters (now; bounds; largest change per proposal):`,
  govParameterLine: (p: ParameterRow) =>
    p.grant
      ? `${p.parameter}: ${p.min}–${p.max} tickets — ${SUMMARIES[p.parameter]}: /propose ${p.parameter} <amount> @member <title>`
      : `${p.parameter}: ${value(p.current)}; ${p.min}–${p.max}; ±${p.changeMax} — ${SUMMARIES[p.parameter]}`,
  govParametersFooter:
    'Propose a change: /propose <parameter> <value> <title>, such as /propose ledger.taxBps 300 Tax for the winter fund',
  govValueMissing: (p: { parameter: string; min: number; max: number }) =>
    `Say the value you propose for ${p.parameter}: a whole number from ${p.min} to ${p.max}. Usage: /propose ${p.parameter} <value> <title>`,
  govValueNotNumber: (p: { parameter: string; given: string }) =>
    `"${p.given}" is not a value for ${p.parameter}: write a whole number such as 300 (no sign, dot, % or unit).`,
  govValueOutOfBounds: (p: { parameter: string; min: number; max: number }) =>
    `${p.parameter} can only be from ${p.min} to ${p.max}: propose a value in that range.`,
  govValueTooFar: (p: { parameter: string; min: number; max: number }) =>
    `From its value now, one proposal may bring ${p.parameter} to ${p.min}–${p.max}: propose a value in that range.`,
  govGrantRecipient:
    'A grant can only pay an active member of this group: name them with @username or reply to them.',
  govGrantTooMuch: (p: { available: number }) =>
    `The treasury can spend only ${p.available} tickets now: propose a grant of at most that.`,
  govEmissionMode: (p: { parameter: string }) =>
    `The emission runs in the other mode now, so ${p.parameter} cannot be proposed: first propose the running one to 0 (or an admin changes the mode).`,
  govDistributionAdmin: (p: { parameter: string }) =>
    `The distribution cannot take a vote on ${p.parameter} as it stands (several rules of a kind, or already 8 rules): an admin must tidy it with /settings first.`,
  govValueSame: (p: { parameter: string }) =>
    `${p.parameter} already has that value: propose a different one (/propose lists the values now).`,
  govTitleMissing: (p: { parameter: string; value: number }) =>
    `Add a short title saying why, such as /propose ${p.parameter} ${p.value} Fund the winter event.`,
  govTitleTooLong: (p: { max: number }) => `The title is too long: at most ${p.max} characters.`,
  govNotEligibleToPropose: (p: { membershipDays: number; activityDays: number | null }) =>
    `Only members of this group for at least ${p.membershipDays} days${p.activityDays === null ? '' : ` who earned a reward (a message or /daily) in the last ${p.activityDays} days`} may propose. /governance shows the rules.`,
  govNotEligibleToVote:
    'You cannot vote on this proposal: its voters were fixed when it opened (members eligible then, see /governance).',
  govCooldown: (p: { seconds: number }) =>
    `You proposed recently: you can propose again in ${duration(p.seconds * 1000)}.`,
  govOpenCap: (p: { max: number }) =>
    `This group already has ${p.max} open proposals, its most: wait until one of them ends.`,
  govNotFound: (p: { id: number }) => `There is no proposal #${p.id} in this group: /proposals lists them.`,
  govAlreadyVoted: 'You have voted on this proposal already; a vote cannot be changed.',
  govVoteClosed: (p: { id: number }) =>
    `Proposal #${p.id} no longer takes votes: /vote ${p.id} shows how it ended.`,
  govVetoClosed: (p: { id: number }) =>
    `Proposal #${p.id} can no longer be vetoed: only one voting or waiting for its timelock can be.`,
  govUnavailable: 'Voting is temporarily unavailable. Please try again in a minute.',
  govVoteUsage: 'Usage: /vote <number>, such as /vote 3 (with buttons), or /vote 3 yes, /vote 3 no.',
  govVetoUsage: 'Usage: /veto <number> <reason>, such as /veto 3 The treasury is full.',
  govBadProposalId: (p: { given: string }) =>
    `"${p.given}" is not a proposal number: use the number /proposals shows, such as 3.`,
  govBadChoice: (p: { given: string }) => `"${p.given}" is not a vote: say yes or no.`,
  govVetoReasonMissing: (p: { id: number }) => `Say why, for the members to read: /veto ${p.id} <reason>.`,
  govReasonTooLong: (p: { max: number }) => `The reason is too long: at most ${p.max} characters.`,
  govProposal: (p: ProposalView) =>
    [
      `#${p.id} "${p.title}" by ${p.proposer}`,
      p.recipient === null
        ? `${p.parameter}: ${value(p.from)} → ${p.to}`
        : `${p.parameter}: ${p.to} tickets to ${p.recipient}`,
      `Votes: yes ${p.yes}, no ${p.no} of ${p.eligible} eligible; needs ${p.quorum} of them to vote and ${p.threshold} yes.`,
      statusEn(p),
    ].join('\n'),
  govProposed: 'New proposal: vote with the buttons, or /vote <number> yes|no.',
  govVoted: (p: { choice: 'yes' | 'no' }) => `Your vote counted: ${p.choice}.`,
  govYesButton: 'Yes',
  govNoButton: 'No',
  govProposalsEmpty: 'No proposals yet. /propose opens one.',
  govOpenHeader: 'Open proposals:',
  govRecentHeader: 'Recent results:',
  govMore: (p: { count: number }) => `…and ${p.count} more: /vote <number> shows one.`,
  govNews: 'Proposal update:',
  govPoolUsage:
    'Usage: /pool (open pools), /pool 3 (one pool), or /pool <target> <time> [prize @member | artifact] <title>, such as /pool 500 3d Projector for the club.',
  govPledgeUsage: 'Usage: /pledge <pool> <amount>, such as /pledge 3 50.',
  govBadPoolId: (p: { given: string }) =>
    `"${p.given}" is not a pool number: use the number /pool shows, such as 3.`,
  govPoolDeadline: (p: { given: string; minMs: number; maxMs: number }) =>
    `${p.given === '' ? 'That deadline' : `"${p.given}"`} does not fit: say how long the pool takes pledges, from ${duration(p.minMs)} to ${duration(p.maxMs)}, such as 90m, 12h or 3d.`,
  govPoolTitleMissing:
    'Add a title saying what the pool is for, such as /pool 500 3d Projector for the club.',
  govPoolsUnavailable: 'Pools are temporarily unavailable. Please try again in a minute.',
  govPoolNotFound: (p: { id: number }) =>
    `There is no pool #${p.id} in this group: /pool lists the open ones.`,
  govPoolClosed: (p: { id: number }) =>
    `Pool #${p.id} no longer takes pledges: /pool ${p.id} shows how it ended.`,
  govPoolFull: (p: { max: number }) => `This pool has ${p.max} pledges, its most: open another pool.`,
  govPoolsCap: (p: { max: number }) =>
    `This group already has ${p.max} open pools, its most: wait until one of them settles or releases.`,
  govPoolRecipient:
    'A prize can only go to a member of this group: name them with @username or reply to them.',
  govPoolsEmpty: 'No open pools. /pool 500 3d <title> opens one.',
  govPoolsHeader: 'Open pools:',
  govPoolsMore: (p: { count: number }) => `…and ${p.count} more: /pool <number> shows one.`,
  govPool: (p: PoolView) =>
    [
      `Pool #${p.id} "${p.title}" by ${p.opener}: ${
        p.purpose === 'prize'
          ? `a prize for ${p.recipient ?? '?'}`
          : p.purpose === 'artifact'
            ? 'an artifact for the group (paid into the treasury)'
            : 'for the treasury'
      }`,
      `Pledged ${p.pledged} of ${p.target} tickets by ${p.pledges} ${p.pledges === 1 ? 'member' : 'members'}.`,
      poolStatusEn(p),
    ].join('\n'),
  govPoolNews: 'Pool update:',
  govPoolOpened:
    'New pool: pledge with /pledge <number> <amount>; the tickets are held, and move only if the target is reached.',
  govPledged: (p: { amount: number; id: number }) =>
    `You pledged ${p.amount} tickets to pool #${p.id}; they are held until the pool settles or releases.`,
  govVetoDone: (p: { id: number }) => `Proposal #${p.id} is vetoed; it will not change anything.`,
  govRules: (p: RulesView) =>
    [
      'Voting rules of this group:',
      `votingPeriod: ${duration(p.votingPeriodMs)} (how long a proposal takes votes)`,
      `quorum: ${percent(p.quorumBps)} of the eligible members must vote`,
      `threshold: ${percent(p.thresholdBps)} yes to pass; raiseThreshold: ${percent(p.raiseThresholdBps)} to raise tax or rewards`,
      `timelock: ${duration(p.timelockMs)} between passing and applying (time to veto)`,
      `membershipDays: ${p.membershipDaysMin}; activityDays: ${p.activityDays === null ? 'off' : p.activityDays} (who may propose and vote)`,
      `proposalCooldown: ${duration(p.proposalCooldownMs)} between a member's proposals; openProposalsMax: ${p.openProposalsMax}`,
    ].join('\n'),
  govRulesFooter:
    'Admins change one: /governance <rule> <value>, such as /governance votingPeriod 2d, /governance quorum 25%, /governance activityDays off',
  govRulesUsage: 'Usage: /governance, or (admins) /governance <rule> <value>, such as /governance quorum 25%',
  govRuleUnknown: (p: { given: string; rules: string }) =>
    `There is no rule "${p.given}". Rules: ${p.rules}.`,
  govRuleBadValue: (p: { rule: string; kind: RuleKind; given: string }) =>
    `"${p.given}" does not fit ${p.rule}: ${
      p.kind === 'duration'
        ? 'write a period such as 90s, 30m, 12h or 3d'
        : p.kind === 'percent'
          ? 'write a percentage such as 25% or 50.01%'
          : `write a whole number${p.rule === 'activityDays' ? ', or off' : ''}`
    }.`,
  govRuleOutOfBounds: (p: { rule: string; kind: RuleKind; min: number; max: number }) =>
    `${p.rule} must be from ${ruleValueEn(p.kind, p.min)} to ${ruleValueEn(p.kind, p.max)}.`,
  govRuleSet: (p: { rule: string }) =>
    `Done: ${p.rule} changed. Open proposals keep the rules they opened with.`,
  govRaiseBelowThreshold:
    'raiseThreshold must be at least threshold: raise raiseThreshold first, or lower threshold.',
} as const;

type Widen<T> = T extends string
  ? string
  : T extends (...args: infer A) => string
    ? (...args: A) => string
    : T;
/** The shape the Russian part must have: the same keys, the same parameters, any wording. */
export type GovernanceMessages = {
  [K in keyof typeof governanceMessagesEn]: Widen<(typeof governanceMessagesEn)[K]>;
};
export type GovernanceCommands = Record<keyof typeof governanceCommandsEn, string>;
