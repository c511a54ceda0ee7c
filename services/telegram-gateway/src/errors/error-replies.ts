import { isDomainError } from '@ticketonomics/contracts';
import { type MessageKey, type MessageParams } from '../i18n/catalogue';
import { UserFacingError } from './user-facing.error';

export interface ReplyChoice {
  key: MessageKey;
  params: unknown;
  /** Whether this is a fault worth an error log line (not a member's mistake). */
  unexpected: boolean;
}

function choice<K extends MessageKey>(key: K, params: MessageParams<K>, unexpected = false): ReplyChoice {
  return { key, params, unexpected };
}

/**
 * The one place where a failure becomes what the member reads. Services' codes map to short catalogue
 * entries; anything else becomes "something went wrong" and the details stay in the log.
 */
export function replyForError(error: unknown): ReplyChoice {
  if (error instanceof UserFacingError) return { key: error.key, params: error.params, unexpected: false };
  if (isDomainError(error)) {
    switch (error.code) {
      case 'INSUFFICIENT_FUNDS':
        return choice('notEnough', { balance: null });
      case 'ACCOUNT_FROZEN':
        return choice('frozen', undefined);
      case 'LIMIT_EXCEEDED':
        return choice('limitExceeded', undefined);
      case 'UNAVAILABLE':
      case 'OVERLOADED':
        return choice('unavailable', undefined);
      default:
        return choice('internal', undefined, true);
    }
  }
  return choice('internal', undefined, true);
}
