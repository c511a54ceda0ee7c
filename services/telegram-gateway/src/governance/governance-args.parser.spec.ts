import { UserFacingError } from '../errors/user-facing.error';
import { findParameter, parseProposeArgs, parseVetoArgs, parseVoteArgs } from './governance-args.parser';

function refusal(parse: () => unknown): { key: string; params: unknown } {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(UserFacingError);
    const { key, params } = error as UserFacingError;
    return { key, params };
  }
  throw new Error('accepted');
}

describe('/propose arguments', () => {
  it('reads a parameter (its id or the part after the dot, any case), a whole number and the title as written', () => {
    expect(parseProposeArgs('ledger.taxBps 300 Raise the tax  for winter')).toEqual({
      kind: 'propose',
      parameter: 'ledger.taxBps',
      value: 300,
      title: 'Raise the tax  for winter',
    });
    expect(parseProposeArgs('DAILYBONUS 0 No more free tickets')).toMatchObject({
      parameter: 'rewards.dailyBonus',
      value: 0,
    });
    expect(findParameter('messageCooldownMs')).toBe('rewards.messageCooldownMs');
    expect(findParameter('tax')).toBeUndefined();
  });

  it('reads a grant: its amount, the member it pays (@username or the replied message), then the title', () => {
    expect(parseProposeArgs('grant 500 @ann For the meetup')).toEqual({
      kind: 'propose',
      parameter: 'treasury.grant',
      value: 500,
      recipient: { kind: 'username', username: 'ann' },
      title: 'For the meetup',
    });
    expect(parseProposeArgs('treasury.grant 500 For the meetup', true)).toMatchObject({
      recipient: { kind: 'reply' },
      title: 'For the meetup',
    });
    expect(refusal(() => parseProposeArgs('grant 500 For the meetup'))).toEqual({
      key: 'recipientMissing',
      params: { usage: '/propose treasury.grant <amount> @member <title>' },
    });
    expect(refusal(() => parseProposeArgs('grant 0 @ann x'))).toMatchObject({ key: 'govValueOutOfBounds' });
  });

  it('asks for the parameter list without arguments or with an unknown parameter', () => {
    expect(parseProposeArgs('')).toEqual({ kind: 'parameters', unknown: null });
    expect(parseProposeArgs('ledger.color 3 x')).toEqual({ kind: 'parameters', unknown: 'ledger.color' });
    expect(parseProposeArgs('x'.repeat(50))).toEqual({ kind: 'parameters', unknown: `${'x'.repeat(32)}…` });
  });

  it.each([
    ['taxBps', 'govValueMissing', { parameter: 'ledger.taxBps', min: 0, max: 5000 }],
    ['taxBps 3% Three percent', 'govValueNotNumber', { parameter: 'ledger.taxBps', given: '3%' }],
    ['taxBps 2.5 x', 'govValueNotNumber', { parameter: 'ledger.taxBps', given: '2.5' }],
    ['taxBps -1 x', 'govValueNotNumber', { parameter: 'ledger.taxBps', given: '-1' }],
    ['taxBps +3 x', 'govValueNotNumber', { parameter: 'ledger.taxBps', given: '+3' }],
    ['taxBps 1e3 x', 'govValueNotNumber', { parameter: 'ledger.taxBps', given: '1e3' }],
    ['taxBps 0x10 x', 'govValueNotNumber', { parameter: 'ledger.taxBps', given: '0x10' }],
    ['taxBps 030 x', 'govValueNotNumber', { parameter: 'ledger.taxBps', given: '030' }],
    [
      'taxBps 99999999999999999 x',
      'govValueNotNumber',
      { parameter: 'ledger.taxBps', given: '99999999999999999' },
    ],
    ['taxBps 5001 x', 'govValueOutOfBounds', { parameter: 'ledger.taxBps', min: 0, max: 5000 }],
    ['transferMin 0 x', 'govValueOutOfBounds', { parameter: 'ledger.transferMin', min: 1, max: 1_000_000 }],
    ['taxBps 300', 'govTitleMissing', { parameter: 'ledger.taxBps', value: 300 }],
    ['taxBps 300    ', 'govTitleMissing', { parameter: 'ledger.taxBps', value: 300 }],
    [`taxBps 300 ${'t'.repeat(121)}`, 'govTitleTooLong', { max: 120 }],
  ])('refuses "%s" with %s', (args, key, params) => {
    expect(refusal(() => parseProposeArgs(args))).toEqual({ key, params });
  });
});

describe('/vote arguments', () => {
  it('reads a proposal number, with or without #, and an optional yes or no in English or Russian', () => {
    expect(parseVoteArgs('3')).toEqual({ proposalId: 3 });
    expect(parseVoteArgs('#12 YES')).toEqual({ proposalId: 12, choice: 'yes' });
    expect(parseVoteArgs('4 нет')).toEqual({ proposalId: 4, choice: 'no' });
    expect(parseVoteArgs('4 за')).toEqual({ proposalId: 4, choice: 'yes' });
  });

  it.each([
    ['', 'govVoteUsage', undefined],
    ['3 yes please', 'govVoteUsage', undefined],
    ['0', 'govBadProposalId', { given: '0' }],
    ['three', 'govBadProposalId', { given: 'three' }],
    ['3.5 yes', 'govBadProposalId', { given: '3.5' }],
    ['-3', 'govBadProposalId', { given: '-3' }],
    ['3 maybe', 'govBadChoice', { given: 'maybe' }],
  ])('refuses "%s" with %s', (args, key, params) => {
    expect(refusal(() => parseVoteArgs(args))).toEqual({ key, params });
  });
});

describe('/veto arguments', () => {
  it('reads the proposal number and the reason as written', () => {
    expect(parseVetoArgs('#3  The treasury is full ')).toEqual({
      proposalId: 3,
      reason: 'The treasury is full',
    });
  });

  it.each([
    ['', 'govVetoUsage', undefined],
    ['3', 'govVetoReasonMissing', { id: 3 }],
    ['x reason', 'govBadProposalId', { given: 'x' }],
    [`3 ${'r'.repeat(501)}`, 'govReasonTooLong', { max: 500 }],
  ])('refuses "%s" with %s', (args, key, params) => {
    expect(refusal(() => parseVetoArgs(args))).toEqual({ key, params });
  });
});
