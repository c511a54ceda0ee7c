import { detailsOf, isDomainError, type DomainError, type ErrorDetails } from '@ticketonomics/contracts';
import { refText, type ArtifactKind } from '../artifacts/artifact-refs';
import { type MessageKey, type MessageParams } from '../i18n/catalogue';
import { userError, UserFacingError } from './user-facing.error';

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
      case 'SOLD_OUT':
        return choice('artErrSoldOut', undefined);
      default:
        return choice('internal', undefined, true);
    }
  }
  return choice('internal', undefined, true);
}

/**
 * What the ledger's INSUFFICIENT_FUNDS says `accountId` has available, or null when it speaks of another
 * account (or carries no balance): the refusal says it, so the ledger is not asked again.
 */
export function availableOf(error: unknown, accountId: string): number | null {
  const funds = detailsOf(error, 'INSUFFICIENT_FUNDS');
  return funds !== null && funds.accountId === accountId ? funds.available : null;
}

/** What an artifacts request was about, so a refusal can name it ("There is no edition e5 here"). */
export interface ArtifactContext {
  kind?: ArtifactKind;
  id?: number;
  /** What FORBIDDEN means for this request. */
  forbidden?:
    | 'artErrCreationOff'
    | 'artErrNotSeller'
    | 'artErrOwnListing'
    | 'artTradeNotYours'
    | 'artTradeNotYoursDecline';
  /** What CONFLICT not_owner means for this request (a trade names editions of both sides). */
  notOwner?: 'artErrTradeNotOwner' | 'artErrNotSeller';
}

/** The artifacts service's NOT_FOUND names the missing thing in details.field. */
const FIELD_KINDS: Record<string, ArtifactKind> = {
  editionId: 'edition',
  giveEditionIds: 'edition',
  wantEditionIds: 'edition',
  listingId: 'listing',
  shopItemId: 'shopItem',
  tradeId: 'trade',
  typeId: 'type',
};
const MEMBER_FIELDS = new Set([
  'memberId',
  'buyerId',
  'sellerId',
  'fromId',
  'toId',
  'byId',
  'creatorId',
  'ownerId',
]);

/**
 * An artifacts service refusal as the member reads it. The error shapes of the artifacts contract map to
 * catalogue entries naming what the request was about; UNAVAILABLE says artifacts (not tickets) are down.
 * Anything else (INSUFFICIENT_FUNDS, ACCOUNT_FROZEN, a bug) is returned as it is for replyForError.
 */
export function artifactsRefusal(error: DomainError, about: ArtifactContext = {}): Error {
  const ref = about.kind !== undefined && about.id !== undefined ? refText(about.kind, about.id) : null;
  switch (error.code) {
    case 'UNAVAILABLE':
    case 'OVERLOADED':
      return userError('artifactsUnavailable');
    case 'SOLD_OUT':
      return userError('artErrSoldOut');
    case 'FORBIDDEN':
      return userError(about.forbidden ?? 'artErrForbidden');
    case 'NOT_FOUND': {
      const details = detailsOf(error, 'NOT_FOUND') ?? {};
      const field = details.field;
      if (field !== undefined && MEMBER_FIELDS.has(field)) return userError('artErrUnknownMember');
      const kind = (field === undefined ? undefined : FIELD_KINDS[field]) ?? about.kind;
      if (kind === undefined) return userError('artErrNotFound', { kind: null, ref: null });
      const id = details[`${kind}Id`] ?? (kind === about.kind ? about.id : undefined);
      return userError('artErrNotFound', { kind, ref: id === undefined ? null : refText(kind, id) });
    }
    case 'CONFLICT':
      return conflictRefusal(detailsOf(error, 'CONFLICT') ?? {}, about, ref);
    case 'LIMIT_EXCEEDED': {
      // A shop stock beyond what is left of the type's supply (details.limit: how many are left).
      const limit = detailsOf(error, 'LIMIT_EXCEEDED');
      return (limit?.field === 'stock' || limit?.field === 'add') && limit.limit !== undefined
        ? userError('artErrStockLimit', { left: limit.limit })
        : error;
    }
    default:
      return error;
  }
}

function conflictRefusal(
  details: ErrorDetails<'CONFLICT'>,
  about: ArtifactContext,
  ref: string | null,
): Error {
  const { editionId } = details;
  const edition =
    editionId !== undefined
      ? refText('edition', editionId)
      : about.kind === 'edition' && ref !== null
        ? ref
        : '';
  const named = (
    key: 'artErrListed' | 'artErrAlreadyListed' | 'artErrInTrade' | 'artErrNotOwner' | 'artErrBurned',
  ) => (edition === '' ? userError('artErrConflict') : new UserFacingError(key, { edition }));
  switch (details.reason) {
    case 'listed':
      return named('artErrListed');
    case 'already_listed':
      return named('artErrAlreadyListed');
    case 'in_trade':
      return named('artErrInTrade');
    case 'not_owner':
      return about.notOwner !== undefined ? userError(about.notOwner) : named('artErrNotOwner');
    case 'burned':
      return named('artErrBurned');
    case 'settling':
      return userError('artErrSettling');
    case 'closed':
      return ref === null
        ? userError('artErrClosed', { kind: null, ref: '' })
        : userError('artErrClosed', { kind: about.kind ?? null, ref });
    case 'expired':
      // A trade past its time, or the hold on a buyer's tickets released before the purchase settled.
      return userError(about.kind === 'trade' ? 'artErrExpired' : 'artErrHoldExpired');
    case 'not_started':
      return userError('artErrNotStarted');
    case 'ended':
      return userError('artErrEnded');
    case 'price_changed':
      return userError('artErrPriceChanged');
    default:
      return userError('artErrConflict');
  }
}
