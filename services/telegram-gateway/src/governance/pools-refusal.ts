import { detailsOf, isDomainError, POOL_LIMITS } from '@ticketonomics/contracts';
import { availableOf } from '../errors/error-replies';
import { userError } from '../errors/user-facing.error';

/** What a pool request was, so its refusal can name the pool and the member's money. */
export type PoolAbout =
  { act: 'open' } | { act: 'read'; poolId: number } | { act: 'pledge'; poolId: number; accountId: string };

/**
 * The governance service's refusals of pool commands as the member reads them; a ledger refusal of a
 * pledge's hold (not enough tickets, a frozen account) says what the member has. Anything else is returned
 * as it is, for the runner's "something went wrong".
 */
export function poolRefusal(error: unknown, about: PoolAbout): unknown {
  if (!isDomainError(error)) return error;
  switch (error.code) {
    case 'UNAVAILABLE':
    case 'OVERLOADED':
      return userError('govPoolsUnavailable');
    case 'NOT_FOUND':
      return 'poolId' in about ? userError('govPoolNotFound', { id: about.poolId }) : error;
    case 'CONFLICT': {
      const reason = detailsOf(error, 'CONFLICT')?.reason;
      return 'poolId' in about && (reason === 'not_open' || reason === 'deadline_passed')
        ? userError('govPoolClosed', { id: about.poolId })
        : error;
    }
    case 'LIMIT_EXCEEDED': {
      const limit = detailsOf(error, 'LIMIT_EXCEEDED');
      if (limit?.field === 'poolId')
        return userError('govPoolFull', { max: limit.limit ?? POOL_LIMITS.pledgesMax });
      return about.act === 'open'
        ? userError('govPoolsCap', { max: limit?.limit ?? POOL_LIMITS.openPoolsMax })
        : error;
    }
    case 'FORBIDDEN':
      return detailsOf(error, 'FORBIDDEN')?.field === 'recipientId' ? userError('govPoolRecipient') : error;
    case 'VALIDATION_FAILED':
      // The duration was checked before asking; the clock moved past a bound by the time it arrived.
      return detailsOf(error, 'VALIDATION_FAILED')?.field === 'deadline'
        ? userError('govPoolDeadline', {
            given: '',
            minMs: POOL_LIMITS.deadlineInMsMin,
            maxMs: POOL_LIMITS.deadlineInMsMax,
          })
        : error;
    case 'INSUFFICIENT_FUNDS':
      return about.act === 'pledge'
        ? userError('notEnough', { balance: availableOf(error, about.accountId) })
        : error;
    default:
      return error;
  }
}
