import {
  AccountsEvents,
  ArtifactsEvents,
  CloudEventSchema,
  DomainError,
  foreignEventReason,
  LedgerEvents,
  parseOrThrow,
  type Account,
  type TransferEventData,
} from '@ticketonomics/contracts';
import type { EditionMove, TicketTradeOffer } from '../market/market.store';

/** What the read models take from one event; every other event type only moves the position. */
export type DecodedEvent =
  | { kind: 'account-opened'; account: Account }
  | { kind: 'transfer'; data: TransferEventData }
  | { kind: 'reward'; communityId: string; amount: number; mintId: string }
  | { kind: 'type-created'; communityId: string; typeId: number; name: string }
  | { kind: 'listing-created'; communityId: string; listing: { id: number; typeId: number; price: number } }
  | { kind: 'listing-cancelled'; communityId: string; listingId: number }
  | { kind: 'listing-sold'; communityId: string; listing: { id: number; typeId: number }; price: number }
  | { kind: 'edition-moved'; communityId: string; move: EditionMove }
  | { kind: 'trade-offered'; communityId: string; offer: TicketTradeOffer }
  | { kind: 'trade-closed'; communityId: string; tradeId: number }
  | { kind: 'ignored' };

export interface Decoded {
  type: string;
  /** The event's time (a transfer's journal time), ms. */
  timeMs: number;
  event: DecodedEvent;
}

/**
 * Parse a stream message with the contracts' schemas. Throws (SyntaxError, or VALIDATION_FAILED naming the
 * field) when it is not JSON, not a CloudEvent, not from the service that owns its subject, or its data
 * does not match its type's schema.
 */
export function decodeEvent(body: string, subject: string): Decoded {
  const envelope = parseOrThrow(CloudEventSchema, JSON.parse(body));
  const foreign = foreignEventReason(subject, envelope);
  if (foreign !== undefined) throw new DomainError('VALIDATION_FAILED', `event refused: ${foreign}`);
  const decoded = (event: DecodedEvent, time = envelope.time): Decoded => ({
    type: envelope.type,
    timeMs: Date.parse(time),
    event,
  });
  switch (envelope.type) {
    case LedgerEvents.accountOpened.type:
      return decoded({
        kind: 'account-opened',
        account: parseOrThrow(LedgerEvents.accountOpened.data, envelope.data),
      });
    case LedgerEvents.transferPosted.type:
    case LedgerEvents.transferPending.type: {
      const data = parseOrThrow(LedgerEvents.transferPosted.data, envelope.data);
      return decoded({ kind: 'transfer', data }, data.transfer.createdAt);
    }
    case LedgerEvents.transferVoided.type: {
      const { reason: _reason, ...data } = parseOrThrow(LedgerEvents.transferVoided.data, envelope.data);
      return decoded({ kind: 'transfer', data }, data.transfer.createdAt);
    }
    case AccountsEvents.activityRewarded.type: {
      const reward = parseOrThrow(AccountsEvents.activityRewarded.data, envelope.data);
      return decoded({
        kind: 'reward',
        communityId: reward.communityId,
        amount: reward.amount,
        mintId: reward.mintId,
      });
    }
    case ArtifactsEvents.typeCreated.type: {
      const type = parseOrThrow(ArtifactsEvents.typeCreated.data, envelope.data);
      return decoded({
        kind: 'type-created',
        communityId: type.communityId,
        typeId: type.id,
        name: type.name,
      });
    }
    case ArtifactsEvents.listingCreated.type: {
      const listing = parseOrThrow(ArtifactsEvents.listingCreated.data, envelope.data);
      return decoded({ kind: 'listing-created', communityId: listing.communityId, listing });
    }
    case ArtifactsEvents.listingCancelled.type: {
      const listing = parseOrThrow(ArtifactsEvents.listingCancelled.data, envelope.data);
      return decoded({ kind: 'listing-cancelled', communityId: listing.communityId, listingId: listing.id });
    }
    case ArtifactsEvents.listingSold.type: {
      const sold = parseOrThrow(ArtifactsEvents.listingSold.data, envelope.data);
      return decoded({
        kind: 'listing-sold',
        communityId: sold.communityId,
        listing: sold.listing,
        price: sold.payment.price,
      });
    }
    case ArtifactsEvents.editionMinted.type:
    case ArtifactsEvents.editionTransferred.type: {
      // Both carry the same data (an edition, its provenance row and any payment).
      const { communityId, edition, provenance } = parseOrThrow(
        ArtifactsEvents.editionTransferred.data,
        envelope.data,
      );
      return decoded({
        kind: 'edition-moved',
        communityId,
        move: {
          editionId: edition.id,
          typeId: edition.typeId,
          kind: provenance.kind,
          price: provenance.price,
          toId: provenance.toId,
          provenanceSeq: provenance.seq,
          requestId: provenance.requestId,
        },
      });
    }
    case ArtifactsEvents.tradeOffered.type: {
      const trade = parseOrThrow(ArtifactsEvents.tradeOffered.data, envelope.data);
      return decoded({
        kind: 'trade-offered',
        communityId: trade.communityId,
        offer: {
          tradeId: trade.id,
          giveEditionIds: trade.giveEditionIds,
          forTicketsAlone: trade.wantEditionIds.length === 0 && trade.wantAmount > 0,
        },
      });
    }
    case ArtifactsEvents.tradeClosed.type: {
      const { communityId, trade } = parseOrThrow(ArtifactsEvents.tradeClosed.data, envelope.data);
      return decoded({ kind: 'trade-closed', communityId, tradeId: trade.id });
    }
    default:
      return decoded({ kind: 'ignored' });
  }
}
