import { POOL_LIMITS } from '@ticketonomics/contracts';
import { UserFacingError } from '../errors/user-facing.error';
import { parsePledgeArgs, parsePoolArgs, POOL_USAGE } from './pool-args.parser';

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

const bounds = { minMs: POOL_LIMITS.deadlineInMsMin, maxMs: POOL_LIMITS.deadlineInMsMax };

describe('/pool arguments', () => {
  it('lists without arguments and shows one pool by its number', () => {
    expect(parsePoolArgs('', false)).toEqual({ kind: 'list' });
    expect(parsePoolArgs('#3', false)).toEqual({ kind: 'show', poolId: 3 });
  });

  it('opens a treasury pool by default, an artifact pool, and a prize for a named or replied member', () => {
    expect(parsePoolArgs('500 3d Projector  for the club', false)).toEqual({
      kind: 'open',
      targetAmount: 500,
      deadlineInMs: 3 * 86_400_000,
      purpose: 'treasury',
      title: 'Projector  for the club',
    });
    expect(parsePoolArgs('200 90m ARTIFACT Golden statue', false)).toMatchObject({
      purpose: 'artifact',
      deadlineInMs: 5_400_000,
      title: 'Golden statue',
    });
    expect(parsePoolArgs('100 2s prize @ann Best poster', false)).toMatchObject({
      purpose: 'prize',
      recipient: { kind: 'username', username: 'ann' },
      title: 'Best poster',
    });
    expect(parsePoolArgs('100 1h prize Best poster', true)).toMatchObject({
      recipient: { kind: 'reply' },
      title: 'Best poster',
    });
  });

  it.each([
    ['x', 'govBadPoolId', { given: 'x' }],
    ['0', 'govBadPoolId', { given: '0' }],
    ['ten 3d x', 'amountNotNumber', { given: 'ten' }],
    ['0 3d x', 'amountZero', undefined],
    ['500 3 x', 'govPoolDeadline', { given: '3', ...bounds }],
    ['500 7d x', 'govPoolDeadline', { given: '7d', ...bounds }],
    ['500 0s x', 'govPoolDeadline', { given: '0s', ...bounds }],
    ['500 3d', 'govPoolTitleMissing', undefined],
    ['500 3d artifact', 'govPoolTitleMissing', undefined],
    ['500 3d prize Best poster', 'recipientMissing', { usage: POOL_USAGE }],
    [`500 3d ${'t'.repeat(121)}`, 'govTitleTooLong', { max: 120 }],
  ])('refuses "%s" with %s', (args, key, params) => {
    expect(refusal(() => parsePoolArgs(args, false))).toEqual({ key, params });
  });
});

describe('/pledge arguments', () => {
  it('reads the pool and the amount', () => {
    expect(parsePledgeArgs('#3 50')).toEqual({ poolId: 3, amount: 50 });
  });

  it.each([
    ['', 'govPledgeUsage', undefined],
    ['3 50 more', 'govPledgeUsage', undefined],
    ['3', 'amountMissing', { usage: '/pledge <pool> <amount>' }],
    ['three 50', 'govBadPoolId', { given: 'three' }],
    ['3 -5', 'amountNegative', undefined],
    ['3 1.5', 'amountFractional', undefined],
  ])('refuses "%s" with %s', (args, key, params) => {
    expect(refusal(() => parsePledgeArgs(args))).toEqual({ key, params });
  });
});
