import { DomainError } from '@ticketonomics/contracts';
import { UserFacingError } from '../errors/user-facing.error';
import { governanceRefusal, type GovernanceAbout } from './governance-refusal';

function reply(error: DomainError, about: GovernanceAbout): { key: string; params: unknown } | DomainError {
  const mapped = governanceRefusal(error, about);
  if (mapped instanceof UserFacingError) return { key: mapped.key, params: mapped.params };
  return mapped as DomainError;
}

const propose: GovernanceAbout = { act: 'propose', parameter: 'ledger.taxBps' };

describe('governance refusals', () => {
  it('says how far a value may move, from the refusal’s own range', () => {
    const tooFar = new DomainError('LIMIT_EXCEEDED', 'x', { field: 'value', limit: 500, min: 0, max: 800 });
    expect(reply(tooFar, propose)).toEqual({
      key: 'govValueTooFar',
      params: { parameter: 'ledger.taxBps', min: 0, max: 800 },
    });
    expect(reply(new DomainError('LIMIT_EXCEEDED', 'x', { limit: 5 }), propose)).toEqual({
      key: 'govOpenCap',
      params: { max: 5 },
    });
  });

  it('maps the cooldown, a value already current, and who may propose', () => {
    expect(
      reply(
        new DomainError('RATE_LIMITED', 'x', { reason: 'proposal_cooldown', retryAfterSeconds: 90 }),
        propose,
      ),
    ).toEqual({ key: 'govCooldown', params: { seconds: 90 } });
    expect(reply(new DomainError('VALIDATION_FAILED', 'x', { field: 'value' }), propose)).toEqual({
      key: 'govValueSame',
      params: { parameter: 'ledger.taxBps' },
    });
    const forbidden = new DomainError('FORBIDDEN', 'x', { reason: 'not_eligible' });
    expect(reply(forbidden, { ...propose, eligibility: { membershipDays: 7, activityDays: null } })).toEqual({
      key: 'govNotEligibleToPropose',
      params: { membershipDays: 7, activityDays: null },
    });
    expect(reply(forbidden, { act: 'vote', proposalId: 2 })).toEqual({
      key: 'govNotEligibleToVote',
      params: undefined,
    });
  });

  it('maps what only some parameters meet: a grant the treasury cannot cover, its recipient, emission mode, distribution', () => {
    const grant: GovernanceAbout = { act: 'propose', parameter: 'treasury.grant' };
    expect(
      reply(
        new DomainError('INSUFFICIENT_FUNDS', 'x', {
          accountId: 'treasury:demo',
          available: 40,
          required: 500,
        }),
        grant,
      ),
    ).toEqual({ key: 'govGrantTooMuch', params: { available: 40 } });
    expect(reply(new DomainError('VALIDATION_FAILED', 'x', { field: 'recipientId' }), grant)).toEqual({
      key: 'govGrantRecipient',
      params: undefined,
    });
    const rate: GovernanceAbout = { act: 'propose', parameter: 'emission.rateBps' };
    expect(
      reply(new DomainError('CONFLICT', 'x', { field: 'parameter', reason: 'emission_mode' }), rate),
    ).toEqual({
      key: 'govEmissionMode',
      params: { parameter: 'emission.rateBps' },
    });
    expect(
      reply(new DomainError('CONFLICT', 'x', { reason: 'distribution_full' }), {
        act: 'propose',
        parameter: 'distribution.earnedShareBps',
      }),
    ).toEqual({ key: 'govDistributionAdmin', params: { parameter: 'distribution.earnedShareBps' } });
  });

  it('names the proposal for NOT_FOUND and a vote or veto too late, and a second vote', () => {
    expect(
      reply(new DomainError('NOT_FOUND', 'x', { field: 'proposalId' }), { act: 'read', proposalId: 9 }),
    ).toEqual({
      key: 'govNotFound',
      params: { id: 9 },
    });
    const late = new DomainError('CONFLICT', 'x', { reason: 'not_open', status: 'applied' });
    expect(reply(late, { act: 'vote', proposalId: 4 })).toEqual({ key: 'govVoteClosed', params: { id: 4 } });
    expect(reply(late, { act: 'veto', proposalId: 4 })).toEqual({ key: 'govVetoClosed', params: { id: 4 } });
    expect(
      reply(new DomainError('CONFLICT', 'x', { reason: 'already_voted' }), { act: 'vote', proposalId: 4 }),
    ).toEqual({
      key: 'govAlreadyVoted',
      params: undefined,
    });
  });

  it('says voting is unavailable when governance does not answer, and the threshold order for the rules', () => {
    expect(reply(new DomainError('UNAVAILABLE', 'x'), { act: 'list' })).toEqual({
      key: 'govUnavailable',
      params: undefined,
    });
    expect(
      reply(new DomainError('VALIDATION_FAILED', 'x', { field: 'raiseThresholdBps' }), { act: 'rules' }),
    ).toEqual({ key: 'govRaiseBelowThreshold', params: undefined });
  });

  it('leaves anything else as it is, for the usual "something went wrong"', () => {
    const bug = new DomainError('VALIDATION_FAILED', 'title: too long', { field: 'title' });
    expect(governanceRefusal(bug, propose)).toBe(bug);
    const other = new Error('boom');
    expect(governanceRefusal(other, { act: 'list' })).toBe(other);
    expect(
      governanceRefusal(new DomainError('FORBIDDEN', 'x', { reason: 'not_eligible' }), propose),
    ).toBeInstanceOf(DomainError);
  });
});
