import {
  eventSourceOf,
  ArtifactsEvents,
  artifactsEventAddress,
  type ArtifactSettings,
  type ArtifactType,
  type Edition,
  type EventData,
  type EventSpec,
  type Listing,
  type PaymentSplit,
  type ProvenanceEntry,
  type ShopItem,
  type Trade,
} from '@ticketonomics/contracts';
import { buildEvent, type OutboxStore } from '@ticketonomics/messaging';

export const ARTIFACTS_EVENT_SOURCE = eventSourceOf('artifacts');

export interface EditionChange {
  edition: Edition;
  provenance: ProvenanceEntry;
  payment: PaymentSplit | null;
}

/** Writes the service's events to the outbox, inside the transaction of the change they describe. */
export class ArtifactsEventsEmitter {
  constructor(private readonly outbox: OutboxStore) {}

  settingsUpdated(settings: ArtifactSettings): void {
    this.emit(ArtifactsEvents.settingsUpdated, settings);
  }

  typeCreated(type: ArtifactType): void {
    this.emit(ArtifactsEvents.typeCreated, type);
  }

  shopUpdated(item: ShopItem): void {
    this.emit(ArtifactsEvents.shopUpdated, item);
  }

  /** Minted, transferred or burned, by the provenance row's kind. */
  editionChanged(change: EditionChange): void {
    const data = { communityId: change.edition.communityId, ...change };
    switch (change.provenance.kind) {
      case 'minted':
      case 'bought':
        return this.emit(ArtifactsEvents.editionMinted, data);
      case 'burned':
        return this.emit(ArtifactsEvents.editionBurned, data);
      default:
        return this.emit(ArtifactsEvents.editionTransferred, data);
    }
  }

  listingCreated(listing: Listing): void {
    this.emit(ArtifactsEvents.listingCreated, listing);
  }

  listingCancelled(listing: Listing): void {
    this.emit(ArtifactsEvents.listingCancelled, listing);
  }

  listingSold(listing: Listing, payment: PaymentSplit): void {
    this.emit(ArtifactsEvents.listingSold, { communityId: listing.communityId, listing, payment });
  }

  tradeOffered(trade: Trade): void {
    this.emit(ArtifactsEvents.tradeOffered, trade);
  }

  tradeClosed(trade: Trade, payment: PaymentSplit | null): void {
    this.emit(ArtifactsEvents.tradeClosed, { communityId: trade.communityId, trade, payment });
  }

  private emit<E extends EventSpec>(spec: E, data: EventData<E>): void {
    const { subject, communityId } = artifactsEventAddress(spec, data);
    this.outbox.enqueue(buildEvent(spec, { source: ARTIFACTS_EVENT_SOURCE, communityId, subject, data }));
  }
}
