import { Injectable } from '@nestjs/common';
import { ArtifactsCommands, DomainError, PAGE_SIZE_DEFAULT, type ShopItem } from '@ticketonomics/contracts';
import { decodeSeqCursor, encodeCursor } from '@ticketonomics/persistence';
import type { ArtifactsRequest, ArtifactsResponse } from '../artifacts.commands';
import { ArtifactsEventsEmitter } from '../events/artifacts-events.emitter';
import { runOnce } from '../requests/idempotent';
import { accountIdOf, treasuryOf } from '../sagas/ledger.gateway';
import { Purchases } from '../sagas/purchases';
import { ArtifactsStores } from '../store/artifacts.stores';
import { toArtifactType, type TypeRow } from '../types/types.store';
import { saveShopItem } from './shop-item.writer';
import { priceRefusal, shopRefusal, supplyRefusal } from './shop.rules';
import { toShopItem, type ShopItemRow } from './shop.store';

@Injectable()
export class ShopService {
  constructor(
    private readonly stores: ArtifactsStores,
    private readonly events: ArtifactsEventsEmitter,
    private readonly purchases: Purchases,
  ) {}

  /** With a requestId a repeat returns the first item instead of adding another one. */
  add(request: ArtifactsRequest<'shopAdd'>): ShopItem {
    return this.onceIfAsked(ArtifactsCommands.shopAdd.subject, request, () => {
      const type = this.stores.types.require(request.communityId, request.typeId);
      assertWithinSupply(type, request.stock, 'stock');
      const at = Date.now();
      const row: ShopItemRow = {
        communityId: request.communityId,
        id: this.stores.counters.next(request.communityId, 'shop'),
        typeId: type.id,
        price: request.price,
        stock: request.stock,
        sold: 0,
        startsAt: request.startsAt === null ? null : Date.parse(request.startsAt),
        endsAt: request.endsAt === null ? null : Date.parse(request.endsAt),
        closed: false,
        createdAt: at,
        updatedAt: at,
      };
      return saveShopItem(this.stores, this.events, row);
    });
  }

  /**
   * null makes the item unlimited; a number adds to a limited stock (an unlimited one stays so). With a
   * requestId a repeat returns the first answer and adds nothing more.
   */
  restock(request: ArtifactsRequest<'shopRestock'>): ShopItem {
    return this.onceIfAsked(ArtifactsCommands.shopRestock.subject, request, () => {
      const item = this.stores.shop.require(request.communityId, request.shopItemId);
      if (item.closed) {
        throw new DomainError(
          'CONFLICT',
          `shopItemId: shop item ${item.id} is closed; put the type on sale again with tk.cmd.artifacts.shop.add`,
          { field: 'shopItemId', reason: 'closed' },
        );
      }
      const stock = request.add === null || item.stock === null ? null : item.stock + request.add;
      if (stock === item.stock) return toShopItem(item);
      assertWithinSupply(this.stores.types.require(item.communityId, item.typeId), stock, 'add');
      return saveShopItem(this.stores, this.events, { ...item, stock, updatedAt: Date.now() });
    });
  }

  /** Repeating returns the closed item. */
  close(request: ArtifactsRequest<'shopClose'>): ShopItem {
    return this.stores.write(() => {
      const item = this.stores.shop.require(request.communityId, request.shopItemId);
      if (item.closed) return toShopItem(item);
      return saveShopItem(this.stores, this.events, { ...item, closed: true, updatedAt: Date.now() });
    });
  }

  browse(request: ArtifactsRequest<'shopBrowse'>): ArtifactsResponse<'shopBrowse'> {
    const limit = request.limit ?? PAGE_SIZE_DEFAULT;
    const afterId = request.cursor === undefined ? 0 : decodeSeqCursor(request.cursor);
    const rows = this.stores.shop.onSale(request.communityId, afterId, limit + 1, Date.now());
    const page = rows.slice(0, limit);
    const items = page.map((row) => ({
      item: toShopItem(row),
      type: toArtifactType(this.stores.types.require(row.communityId, row.typeId)),
    }));
    return { items, nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.id) : null };
  }

  async buy(request: ArtifactsRequest<'shopBuy'>): Promise<ArtifactsResponse<'shopBuy'>> {
    const { communityId } = request;
    const result = await this.purchases.run(ArtifactsCommands.shopBuy.subject, request, (at) => {
      const item = this.stores.shop.require(communityId, request.shopItemId);
      const type = this.stores.types.require(communityId, item.typeId);
      const refusal =
        shopRefusal(item, at) ?? supplyRefusal(type) ?? priceRefusal(item.price, request.priceMax);
      if (refusal !== null) throw refusal;
      return {
        draft: {
          communityId,
          requestId: request.requestId,
          kind: 'shop_buy',
          buyerId: request.buyerId,
          price: item.price,
          payouts: [
            { creditAccountId: accountIdOf(treasuryOf(communityId)), amount: item.price, code: 'purchase' },
          ],
          split: { toPayee: item.price, fee: 0, royalty: 0 },
          plan: { shopItemId: item.id, price: item.price },
          memo: `artifacts: shop item ${item.id} (${type.name})`.slice(0, 256),
        },
        payees: [],
      };
    });
    return result as ArtifactsResponse<'shopBuy'>;
  }

  /**
   * The shop's admin commands take an optional requestId (callers from before it existed send none): with
   * one, the work runs once per id like every other change (a refusal records nothing); without, in a
   * plain write, as before.
   */
  private onceIfAsked<T>(
    command: string,
    request: { communityId: string; requestId?: string | undefined } & Record<string, unknown>,
    work: () => T,
  ): T {
    const { requestId } = request;
    if (requestId === undefined) return this.stores.write(work);
    return runOnce(this.stores, command, { ...request, requestId }, work);
  }
}

function assertWithinSupply(type: TypeRow, stock: number | null, field: string): void {
  if (type.supplyMax === null || stock === null) return;
  const left = type.supplyMax - type.minted;
  if (stock > left) {
    throw new DomainError(
      'LIMIT_EXCEEDED',
      `${field}: type ${type.id} has ${left} editions left of its supply of ${type.supplyMax}; stock at most that many`,
      { field, limit: left },
    );
  }
}
