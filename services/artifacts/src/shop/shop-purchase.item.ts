import type { Settlement } from '../sagas/settlement';
import type { EditionMoves } from '../editions/edition-moves';
import type { ArtifactsEventsEmitter } from '../events/artifacts-events.emitter';
import type { SagaItem } from '../sagas/saga.item';
import type { SagaRow } from '../sagas/sagas.store';
import type { ArtifactsStores } from '../store/artifacts.stores';
import { priceChanged, shopRefusal, supplyRefusal } from './shop.rules';
import { saveShopItem } from './shop-item.writer';

interface Plan {
  shopItemId: number;
  price: number;
}

/** A shop purchase: a new edition minted to the buyer, one unit of stock taken. */
export class ShopPurchaseItem implements SagaItem {
  constructor(
    private readonly stores: ArtifactsStores,
    private readonly moves: EditionMoves,
    private readonly events: ArtifactsEventsEmitter,
  ) {}

  apply(saga: SagaRow, at: number) {
    const plan = saga.plan as unknown as Plan;
    const item = this.stores.shop.require(saga.communityId, plan.shopItemId);
    const type = this.stores.types.require(saga.communityId, item.typeId);
    const refusal = shopRefusal(item, at) ?? supplyRefusal(type) ?? priceChanged(item.price, plan.price);
    if (refusal !== null) throw refusal;
    const edition = this.moves.mint(type, {
      kind: 'bought',
      toId: saga.buyerId,
      price: plan.price,
      requestId: saga.requestId,
      payment: saga.payment,
      settling: saga.requestId,
      at,
    });
    this.stores.types.setLastPrice(saga.communityId, type.id, plan.price);
    saveShopItem(this.stores, this.events, {
      ...item,
      stock: item.stock === null ? null : item.stock - 1,
      sold: item.sold + 1,
      updatedAt: at,
    });
    const result: Settlement = { requestId: saga.requestId, payment: saga.payment, editions: [edition] };
    return { moved: { editionId: edition.id }, result };
  }

  /**
   * The minted edition is destroyed (its serial is not reissued), the type's lastPrice is what it would be
   * without this purchase, and the unit goes back into stock.
   */
  revert(saga: SagaRow, at: number): void {
    const { editionId } = saga.moved as { editionId: number };
    const plan = saga.plan as unknown as Plan;
    const edition = this.stores.editions.require(saga.communityId, editionId);
    this.moves.move(edition, {
      kind: 'reverted',
      toId: null,
      status: 'burned',
      price: null,
      requestId: saga.requestId,
      payment: null,
      settling: null,
      at,
    });
    this.stores.types.recomputeLastPrice(saga.communityId, edition.typeId);
    const item = this.stores.shop.require(saga.communityId, plan.shopItemId);
    saveShopItem(this.stores, this.events, {
      ...item,
      stock: item.stock === null ? null : item.stock + 1,
      sold: item.sold - 1,
      updatedAt: at,
    });
  }

  completed(): void {
    // The edition.minted event went out with the item step; nothing more to announce.
  }
}
