import { DomainError } from '@ticketonomics/contracts';
import type { EditionMoves } from '../editions/edition-moves';
import type { ArtifactsEventsEmitter } from '../events/artifacts-events.emitter';
import type { SagaItem } from '../sagas/saga.item';
import type { Settlement } from '../sagas/settlement';
import type { SagaRow } from '../sagas/sagas.store';
import { priceChanged } from '../shop/shop.rules';
import type { ArtifactsStores } from '../store/artifacts.stores';
import { toListing } from './listings.store';
import { listingRefusal } from './listing.rules';

interface Plan {
  listingId: number;
  price: number;
}

/** A market sale: the listed edition goes to the buyer; the listing is sold. */
export class ListingSaleItem implements SagaItem {
  constructor(
    private readonly stores: ArtifactsStores,
    private readonly moves: EditionMoves,
    private readonly events: ArtifactsEventsEmitter,
  ) {}

  apply(saga: SagaRow, at: number) {
    const plan = saga.plan as unknown as Plan;
    const listing = this.stores.listings.require(saga.communityId, plan.listingId);
    const refusal = listingRefusal(listing) ?? priceChanged(listing.price, plan.price);
    if (refusal !== null) throw refusal;
    const edition = this.stores.editions.require(saga.communityId, listing.editionId);
    if (edition.status !== 'listed' || edition.ownerId !== listing.sellerId) {
      // A listing stays active only while its edition is listed by its seller; anything else is a bug.
      throw new DomainError('CONFLICT', `listingId: edition ${edition.id} is no longer for sale`, {
        field: 'listingId',
        reason: 'closed',
      });
    }
    const moved = this.moves.move(edition, {
      kind: 'sold',
      toId: saga.buyerId,
      status: 'owned',
      price: plan.price,
      requestId: saga.requestId,
      payment: saga.payment,
      settling: saga.requestId,
      at,
    });
    this.stores.listings.save({ ...listing, status: 'sold', buyerId: saga.buyerId, updatedAt: at });
    this.stores.types.setLastPrice(saga.communityId, listing.typeId, plan.price);
    const result: Settlement = { requestId: saga.requestId, payment: saga.payment, editions: [moved] };
    return { moved: { editionId: edition.id }, result };
  }

  /**
   * The edition goes back to the seller, listed again, the listing is active again, and the type's
   * lastPrice is what it would be without this sale.
   */
  revert(saga: SagaRow, at: number): void {
    const plan = saga.plan as unknown as Plan;
    const listing = this.stores.listings.require(saga.communityId, plan.listingId);
    const edition = this.stores.editions.require(saga.communityId, listing.editionId);
    this.moves.move(edition, {
      kind: 'reverted',
      toId: listing.sellerId,
      status: 'listed',
      price: null,
      requestId: saga.requestId,
      payment: null,
      settling: null,
      at,
    });
    this.stores.listings.save({ ...listing, status: 'active', buyerId: null, updatedAt: at });
    this.stores.types.recomputeLastPrice(saga.communityId, listing.typeId);
  }

  /** Announced once the seller, treasury and creator are paid. */
  completed(saga: SagaRow): void {
    const plan = saga.plan as unknown as Plan;
    const listing = this.stores.listings.require(saga.communityId, plan.listingId);
    this.events.listingSold(toListing(listing), saga.payment);
  }
}
