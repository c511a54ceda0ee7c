import { Injectable } from '@nestjs/common';
import {
  ArtifactsCommands,
  DomainError,
  PAGE_SIZE_DEFAULT,
  splitSalePrice,
  type Listing,
} from '@ticketonomics/contracts';
import { decodeCursor, encodeCursor } from '@ticketonomics/persistence';
import type { ArtifactsRequest, ArtifactsResponse } from '../artifacts.commands';
import { EditionMoves } from '../editions/edition-moves';
import { assertEditionFree } from '../editions/edition.rules';
import { ArtifactsEventsEmitter } from '../events/artifacts-events.emitter';
import { runOnce } from '../requests/idempotent';
import { accountIdOf, memberOf, treasuryOf, type AccountRef } from '../sagas/ledger.gateway';
import { Purchases } from '../sagas/purchases';
import type { Payout } from '../sagas/sagas.store';
import { priceRefusal } from '../shop/shop.rules';
import { ArtifactsStores } from '../store/artifacts.stores';
import { toArtifactType } from '../types/types.store';
import { listingRefusal } from './listing.rules';
import { toListing, type ListingRow } from './listings.store';

const C = ArtifactsCommands;
const BROWSE_CURSOR = /^(\d{1,16})\.(\d{1,16})$/;

@Injectable()
export class MarketService {
  constructor(
    private readonly stores: ArtifactsStores,
    private readonly moves: EditionMoves,
    private readonly events: ArtifactsEventsEmitter,
    private readonly purchases: Purchases,
  ) {}

  create(request: ArtifactsRequest<'listingCreate'>): Listing {
    return runOnce(this.stores, C.listingCreate.subject, request, (at) => {
      const edition = this.stores.editions.require(request.communityId, request.editionId);
      if (edition.status === 'listed' && edition.ownerId === request.sellerId) {
        const active = this.stores.listings.activeOfEdition(request.communityId, edition.id);
        throw new DomainError(
          'CONFLICT',
          `editionId: edition ${edition.id} is already listed (listing ${active?.id}); cancel it first to change the price`,
          { field: 'editionId', reason: 'already_listed', listingId: active?.id ?? null },
        );
      }
      assertEditionFree(edition, request.sellerId);
      this.moves.setStatus(edition, 'listed', at);
      const row: ListingRow = {
        communityId: request.communityId,
        id: this.stores.counters.next(request.communityId, 'listing'),
        editionId: edition.id,
        typeId: edition.typeId,
        sellerId: request.sellerId,
        price: request.price,
        status: 'active',
        buyerId: null,
        createdAt: at,
        updatedAt: at,
      };
      this.stores.listings.save(row);
      const listing = toListing(row);
      this.events.listingCreated(listing);
      return listing;
    });
  }

  /** Its seller only; repeating returns the cancelled listing. */
  cancel(request: ArtifactsRequest<'listingCancel'>): Listing {
    return this.stores.write(() => {
      const row = this.stores.listings.require(request.communityId, request.listingId);
      if (row.sellerId !== request.sellerId) {
        throw new DomainError(
          'FORBIDDEN',
          `sellerId: only the seller ${row.sellerId} can cancel listing ${row.id}`,
          {
            field: 'sellerId',
          },
        );
      }
      if (row.status === 'cancelled') return toListing(row);
      if (row.status === 'sold') {
        throw new DomainError('CONFLICT', `listingId: listing ${row.id} was already sold`, {
          field: 'listingId',
          reason: 'closed',
        });
      }
      const at = Date.now();
      const edition = this.stores.editions.require(row.communityId, row.editionId);
      this.moves.setStatus(edition, 'owned', at);
      const cancelled: ListingRow = { ...row, status: 'cancelled', updatedAt: at };
      this.stores.listings.save(cancelled);
      const listing = toListing(cancelled);
      this.events.listingCancelled(listing);
      return listing;
    });
  }

  browse(request: ArtifactsRequest<'listingBrowse'>): ArtifactsResponse<'listingBrowse'> {
    const limit = request.limit ?? PAGE_SIZE_DEFAULT;
    let after: { price: number; id: number } | null = null;
    if (request.cursor !== undefined) {
      const match = BROWSE_CURSOR.exec(decodeCursor(request.cursor, (key) => BROWSE_CURSOR.test(key)));
      after = { price: Number(match![1]), id: Number(match![2]) };
    }
    const rows = this.stores.listings.browse({
      communityId: request.communityId,
      status: request.status,
      typeId: request.typeId ?? null,
      after,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const items = page.map((row) => ({
      listing: toListing(row),
      type: toArtifactType(this.stores.types.require(row.communityId, row.typeId)),
    }));
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > limit && last !== undefined ? encodeCursor(`${last.price}.${last.id}`) : null;
    return { items, nextCursor };
  }

  async buy(request: ArtifactsRequest<'listingBuy'>): Promise<ArtifactsResponse<'listingBuy'>> {
    const { communityId } = request;
    const result = await this.purchases.run(C.listingBuy.subject, request, () => {
      const listing = this.stores.listings.require(communityId, request.listingId);
      if (listing.sellerId === request.buyerId) {
        throw new DomainError(
          'FORBIDDEN',
          `buyerId: ${request.buyerId} is the seller of listing ${listing.id}; cancel it instead`,
          {
            field: 'buyerId',
          },
        );
      }
      const refusal = listingRefusal(listing) ?? priceRefusal(listing.price, request.priceMax);
      if (refusal !== null) throw refusal;
      const type = this.stores.types.require(communityId, listing.typeId);
      const { marketFeeBps } = this.stores.settings.get(communityId);
      const split = splitSalePrice(listing.price, marketFeeBps, type.royaltyBps);
      const seller = memberOf(communityId, listing.sellerId);
      const creator = memberOf(communityId, type.creatorId);
      const payouts: Payout[] = [
        { creditAccountId: accountIdOf(seller), amount: split.toSeller, code: 'sale' },
        { creditAccountId: accountIdOf(treasuryOf(communityId)), amount: split.fee, code: 'fee' },
        { creditAccountId: accountIdOf(creator), amount: split.royalty, code: 'royalty' },
      ];
      const payees: AccountRef[] = split.royalty > 0 ? [seller, creator] : [seller];
      return {
        draft: {
          communityId,
          requestId: request.requestId,
          kind: 'listing_buy',
          buyerId: request.buyerId,
          price: listing.price,
          payouts,
          split: { toPayee: split.toSeller, fee: split.fee, royalty: split.royalty },
          plan: { listingId: listing.id, price: listing.price },
          memo: `artifacts: listing ${listing.id} (${type.name})`.slice(0, 256),
        },
        payees,
      };
    });
    return result as ArtifactsResponse<'listingBuy'>;
  }
}
