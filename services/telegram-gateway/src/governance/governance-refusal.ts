import { detailsOf, isDomainError, type ParameterId } from '@ticketonomics/contracts';
import { userError } from '../errors/user-facing.error';

/** What a governance request was, so its refusal can say what to do next. */
export type GovernanceAbout =
  | {
      act: 'propose';
      parameter: ParameterId;
      eligibility?: { membershipDays: number; activityDays: number | null };
    }
  | { act: 'vote' | 'veto' | 'read'; proposalId: number }
  | { act: 'rules' | 'list' };

/**
 * The governance service's typed refusals (docs/governance.md, "Commands") as the member reads them. Anything
 * else (a bug, a code governance does not send) is returned as it is, for the runner's "something went wrong".
 */
export function governanceRefusal(error: unknown, about: GovernanceAbout): unknown {
  if (!isDomainError(error)) return error;
  switch (error.code) {
    case 'UNAVAILABLE':
    case 'OVERLOADED':
      return userError('govUnavailable');
    case 'NOT_FOUND':
      return 'proposalId' in about ? userError('govNotFound', { id: about.proposalId }) : error;
    case 'CONFLICT': {
      const reason = detailsOf(error, 'CONFLICT')?.reason;
      if (reason === 'already_voted') return userError('govAlreadyVoted');
      if (reason === 'emission_mode' && about.act === 'propose') {
        return userError('govEmissionMode', { parameter: about.parameter });
      }
      if (
        (reason === 'distribution_ambiguous' || reason === 'distribution_full') &&
        about.act === 'propose'
      ) {
        return userError('govDistributionAdmin', { parameter: about.parameter });
      }
      if (reason === 'not_open' && about.act === 'vote')
        return userError('govVoteClosed', { id: about.proposalId });
      if (reason === 'not_open' && about.act === 'veto')
        return userError('govVetoClosed', { id: about.proposalId });
      return error;
    }
    case 'FORBIDDEN':
      if (detailsOf(error, 'FORBIDDEN')?.reason !== 'not_eligible') return error;
      if (about.act === 'vote') return userError('govNotEligibleToVote');
      if (about.act === 'propose' && about.eligibility !== undefined) {
        return userError('govNotEligibleToPropose', about.eligibility);
      }
      return error;
    case 'RATE_LIMITED': {
      const limited = detailsOf(error, 'RATE_LIMITED');
      return limited === null ? error : userError('govCooldown', { seconds: limited.retryAfterSeconds });
    }
    case 'LIMIT_EXCEEDED': {
      const limit = detailsOf(error, 'LIMIT_EXCEEDED');
      if (limit === null || about.act !== 'propose') return error;
      if (limit.field === 'value' && limit.min !== undefined && limit.max !== undefined) {
        return userError('govValueTooFar', { parameter: about.parameter, min: limit.min, max: limit.max });
      }
      return limit.limit === undefined ? error : userError('govOpenCap', { max: limit.limit });
    }
    case 'INSUFFICIENT_FUNDS': {
      // A grant the treasury cannot cover (the proposer's own money is never asked for).
      const funds = detailsOf(error, 'INSUFFICIENT_FUNDS');
      return funds !== null && about.act === 'propose'
        ? userError('govGrantTooMuch', { available: Math.max(0, funds.available) })
        : error;
    }
    case 'VALIDATION_FAILED': {
      const field = detailsOf(error, 'VALIDATION_FAILED')?.field;
      if (about.act === 'propose' && field === 'recipientId') return userError('govGrantRecipient');
      // The bounds were checked before asking, so the one refusal of a value left is "already the current one".
      if (about.act === 'propose' && field === 'value') {
        return userError('govValueSame', { parameter: about.parameter });
      }
      if (about.act === 'rules' && field === 'raiseThresholdBps') return userError('govRaiseBelowThreshold');
      return error;
    }
    default:
      return error;
  }
}
