import type { ShopItem } from '@ticketonomics/contracts';
import type { ArtifactsEventsEmitter } from '../events/artifacts-events.emitter';
import type { ArtifactsStores } from '../store/artifacts.stores';
import { toShopItem, type ShopItemRow } from './shop.store';

/** Inside a write: store a shop item and announce it (added, restocked, sold from, closed). */
export function saveShopItem(
  stores: ArtifactsStores,
  events: ArtifactsEventsEmitter,
  row: ShopItemRow,
): ShopItem {
  stores.shop.save(row);
  const item = toShopItem(row);
  events.shopUpdated(item);
  return item;
}
