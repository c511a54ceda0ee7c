import { DomainError } from '@ticketonomics/contracts';
import { hasSupplyLeft, type TypeRow } from '../types/types.store';
import type { ShopItemRow } from './shop.store';

/** Why a shop item cannot be bought at `now` (CONFLICT or SOLD_OUT), or null when it can. */
export function shopRefusal(item: ShopItemRow, now: number): DomainError | null {
  const at = (time: number) => new Date(time).toISOString();
  if (item.closed) {
    return new DomainError(
      'CONFLICT',
      `shopItemId: shop item ${item.id} is closed; browse the shop for others`,
      {
        field: 'shopItemId',
        reason: 'closed',
      },
    );
  }
  if (item.startsAt !== null && now < item.startsAt) {
    return new DomainError(
      'CONFLICT',
      `shopItemId: shop item ${item.id} goes on sale at ${at(item.startsAt)}; come back then`,
      { field: 'shopItemId', reason: 'not_started', startsAt: at(item.startsAt) },
    );
  }
  if (item.endsAt !== null && now >= item.endsAt) {
    return new DomainError(
      'CONFLICT',
      `shopItemId: the sale of shop item ${item.id} ended at ${at(item.endsAt)}`,
      {
        field: 'shopItemId',
        reason: 'ended',
        endsAt: at(item.endsAt),
      },
    );
  }
  if (item.stock === 0) return soldOut(`shop item ${item.id} is out of stock; an admin can restock it`);
  return null;
}

export function soldOut(what: string): DomainError {
  return new DomainError('SOLD_OUT', `${what}`, { reason: 'sold_out' });
}

/** CONFLICT when the buyer's agreed maximum is below the current price. */
export function priceRefusal(price: number, priceMax: number | undefined): DomainError | null {
  if (priceMax === undefined || price <= priceMax) return null;
  return new DomainError(
    'CONFLICT',
    `priceMax: the price is now ${price}, above your ${priceMax}; buy again with priceMax ${price} if you agree`,
    { field: 'priceMax', reason: 'price_changed', price },
  );
}

/** CONFLICT when the price moved (either way) between the hold and the item step. */
export function priceChanged(price: number, held: number): DomainError | null {
  if (price === held) return null;
  return new DomainError(
    'CONFLICT',
    `the price changed to ${price} while ${held} was held; nothing was charged; buy again at the new price`,
    { reason: 'price_changed', price },
  );
}

export function supplyRefusal(type: TypeRow): DomainError | null {
  if (hasSupplyLeft(type)) return null;
  return soldOut(
    `all ${type.supplyMax} editions of type ${type.id} (${type.name}) exist; look for one on the market`,
  );
}
