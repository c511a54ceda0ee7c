import type { z } from 'zod';
import { firstRejectedField, parseOrThrow } from '../validation';
import { CommunitySettingsSchema } from '../accounts/accounts.schemas';
import { LedgerCommands } from '../ledger/ledger.commands';
import { GOVERNANCE_EXAMPLES, GovernanceCommands } from './governance.commands';
import { GOVERNED_PARAMETERS, PARAMETER_IDS, isGrant, settingsOf } from './governance.parameters';
import { GOVERNANCE_SETTINGS_DEFAULT, GovernanceSettingsSchema } from './governance.schemas';

const commands = Object.entries(GovernanceCommands);
const C = GovernanceCommands;
const EX = GOVERNANCE_EXAMPLES;

describe('GovernanceCommands', () => {
  it('uses unique subjects of the form tk.cmd.governance.<entity>.<verb>', () => {
    const subjects = commands.map(([, spec]) => spec.subject);
    for (const subject of subjects) expect(subject).toMatch(/^tk\.cmd\.governance\.[a-z]+\.[a-z]+$/);
    expect(new Set(subjects).size).toBe(subjects.length);
  });

  it.each(commands)('%s has a summary and an example its request schema accepts', (_key, spec) => {
    expect(spec.summary.length).toBeGreaterThan(10);
    expect(() => parseOrThrow(spec.request, spec.example)).not.toThrow();
  });

  it('keeps every parameter of the whitelist inside its own bounds, with a positive largest change', () => {
    for (const id of PARAMETER_IDS) {
      const parameter = GOVERNED_PARAMETERS[id];
      expect(parameter.min).toBeLessThanOrEqual(parameter.max);
      expect(parameter.changeMax).toBeGreaterThan(0);
      if (parameter.initial !== null) {
        expect(parameter.initial).toBeGreaterThanOrEqual(parameter.min);
      }
    }
  });

  it("names, for every parameter, a field its owner's command takes", () => {
    const policyFields = Object.keys(LedgerCommands.policySet.request.shape);
    const rewardFields = Object.keys(CommunitySettingsSchema.shape.rewards.shape);
    for (const id of settingsOf('ledger')) expect(policyFields).toContain(GOVERNED_PARAMETERS[id].field);
    for (const id of settingsOf('accounts')) expect(rewardFields).toContain(GOVERNED_PARAMETERS[id].field);
    const grants = PARAMETER_IDS.filter(isGrant);
    expect(grants).toEqual(['treasury.grant']);
    expect(Object.keys(LedgerCommands.treasuryGrant.request.shape)).toContain(
      GOVERNED_PARAMETERS['treasury.grant'].field,
    );
    // A grant always asks the supermajority; money it mints asks it on a raise.
    expect(GOVERNED_PARAMETERS['treasury.grant'].strictWhen).toBe('always');
    for (const id of ['emission.fixedAmount', 'emission.rateBps', 'emission.supplyCap'] as const) {
      expect(GOVERNED_PARAMETERS[id].strictWhen).toBe('raise');
    }
  });

  it('takes a grant with its recipient, and a setting without one', () => {
    const grant = {
      ...C.proposalCreate.example,
      parameter: 'treasury.grant',
      value: 500,
      recipientId: EX.bob,
    };
    expect(C.proposalCreate.request.safeParse(grant).success).toBe(true);
    expect(C.proposalCreate.request.safeParse(C.proposalCreate.example).success).toBe(true);
  });

  it('has defaults its settings schema accepts', () => {
    const settings = { communityId: 'demo', ...GOVERNANCE_SETTINGS_DEFAULT, version: 0, updatedAt: null };
    expect(GovernanceSettingsSchema.safeParse(settings).success).toBe(true);
  });
});

describe('governance request schemas reject bad payloads, naming the field', () => {
  const create = C.proposalCreate.example;
  const vote = C.proposalVote.example;

  it.each<[string, z.ZodType, unknown, string]>([
    [
      'an unknown parameter',
      C.proposalCreate.request,
      { ...create, parameter: 'ledger.emission' },
      'parameter',
    ],
    ['a fractional value', C.proposalCreate.request, { ...create, value: 2.5 }, 'value'],
    ['a negative value', C.proposalCreate.request, { ...create, value: -1 }, 'value'],
    ['a value as a string', C.proposalCreate.request, { ...create, value: '300' }, 'value'],
    ['an empty title', C.proposalCreate.request, { ...create, title: '  ' }, 'title'],
    ['a long title', C.proposalCreate.request, { ...create, title: 'x'.repeat(121) }, 'title'],
    [
      'a proposer who is no user id',
      C.proposalCreate.request,
      { ...create, proposerId: 'alice' },
      'proposerId',
    ],
    ['a request id with a /', C.proposalCreate.request, { ...create, requestId: 'a/b' }, 'requestId'],
    ['an extra field', C.proposalCreate.request, { ...create, emission: 1 }, 'emission'],
    [
      'a grant without its recipient',
      C.proposalCreate.request,
      { ...create, parameter: 'treasury.grant', value: 500 },
      'recipientId',
    ],
    [
      'a recipient for a setting',
      C.proposalCreate.request,
      { ...create, recipientId: EX.bob },
      'recipientId',
    ],
    [
      'a recipient who is no user id',
      C.proposalCreate.request,
      { ...create, parameter: 'treasury.grant', recipientId: 'bob' },
      'recipientId',
    ],
    ['a vote of maybe', C.proposalVote.request, { ...vote, choice: 'maybe' }, 'choice'],
    ['a vote on proposal 0', C.proposalVote.request, { ...vote, proposalId: 0 }, 'proposalId'],
    ['a veto without a reason', C.proposalVeto.request, { ...C.proposalVeto.example, reason: '' }, 'reason'],
    ['settings changing nothing', C.settingsSet.request, { communityId: EX.community }, 'votingPeriodMs'],
    [
      'a voting period under a second',
      C.settingsSet.request,
      { communityId: 'demo', votingPeriodMs: 999 },
      'votingPeriodMs',
    ],
    ['a quorum over 100%', C.settingsSet.request, { communityId: 'demo', quorumBps: 10_001 }, 'quorumBps'],
    [
      'a threshold of half',
      C.settingsSet.request,
      { communityId: 'demo', thresholdBps: 5_000 },
      'thresholdBps',
    ],
    [
      'a raise threshold under the plain one',
      C.settingsSet.request,
      { communityId: 'demo', thresholdBps: 7_000, raiseThresholdBps: 6_000 },
      'raiseThresholdBps',
    ],
    [
      'an activity window of 0 days',
      C.settingsSet.request,
      { communityId: 'demo', activityDays: 0 },
      'activityDays',
    ],
    [
      'no open proposal allowed',
      C.settingsSet.request,
      { communityId: 'demo', openProposalsMax: 0 },
      'openProposalsMax',
    ],
    [
      'a history of an unknown parameter',
      C.historyList.request,
      { communityId: 'demo', parameter: 'x' },
      'parameter',
    ],
  ])('rejects %s', (_name, schema, payload, field) => {
    expect(firstRejectedField(schema, payload)).toBe(field);
  });
});
