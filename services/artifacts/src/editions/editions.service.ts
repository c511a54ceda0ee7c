import { Injectable } from '@nestjs/common';
import { ArtifactsCommands, PAGE_SIZE_DEFAULT, type Edition } from '@ticketonomics/contracts';
import { decodeSeqCursor, encodeCursor } from '@ticketonomics/persistence';
import type { ArtifactsRequest, ArtifactsResponse } from '../artifacts.commands';
import { toProvenanceEntry } from '../provenance/provenance.store';
import { runOnce } from '../requests/idempotent';
import { soldOut } from '../shop/shop.rules';
import { ArtifactsStores } from '../store/artifacts.stores';
import { hasSupplyLeft, toArtifactType } from '../types/types.store';
import { EditionMoves } from './edition-moves';
import { assertEditionFree } from './edition.rules';
import { toEdition } from './editions.store';

const C = ArtifactsCommands;

@Injectable()
export class EditionsService {
  constructor(
    private readonly stores: ArtifactsStores,
    private readonly moves: EditionMoves,
  ) {}

  grant(request: ArtifactsRequest<'editionGrant'>): Edition {
    return runOnce(this.stores, C.editionGrant.subject, request, (at) => {
      const type = this.stores.types.require(request.communityId, request.typeId);
      if (!hasSupplyLeft(type)) {
        throw soldOut(
          `typeId: all ${type.supplyMax} editions of type ${type.id} exist; none is left to grant`,
        );
      }
      return this.moves.mint(type, {
        kind: 'minted',
        toId: request.toId,
        price: null,
        requestId: request.requestId,
        payment: null,
        settling: null,
        at,
      });
    });
  }

  get(communityId: string, editionId: number): ArtifactsResponse<'editionGet'> {
    const edition = this.stores.editions.require(communityId, editionId);
    return {
      edition: toEdition(edition),
      type: toArtifactType(this.stores.types.require(communityId, edition.typeId)),
      provenance: this.stores.provenance.ofEdition(communityId, editionId).map(toProvenanceEntry),
    };
  }

  gift(request: ArtifactsRequest<'editionGift'>): Edition {
    return runOnce(this.stores, C.editionGift.subject, request, (at) => {
      const edition = this.stores.editions.require(request.communityId, request.editionId);
      assertEditionFree(edition, request.fromId);
      return this.moves.move(edition, {
        kind: 'gifted',
        toId: request.toId,
        status: 'owned',
        price: null,
        requestId: request.requestId,
        payment: null,
        settling: null,
        at,
      });
    });
  }

  burn(request: ArtifactsRequest<'editionBurn'>): Edition {
    return runOnce(this.stores, C.editionBurn.subject, request, (at) => {
      const edition = this.stores.editions.require(request.communityId, request.editionId);
      assertEditionFree(edition, request.ownerId);
      return this.moves.move(edition, {
        kind: 'burned',
        toId: null,
        status: 'burned',
        price: null,
        requestId: request.requestId,
        payment: null,
        settling: null,
        at,
      });
    });
  }

  inventory(request: ArtifactsRequest<'inventoryGet'>): ArtifactsResponse<'inventoryGet'> {
    const { communityId, memberId } = request;
    const limit = request.limit ?? PAGE_SIZE_DEFAULT;
    const beforeId = request.cursor === undefined ? Number.MAX_SAFE_INTEGER : decodeSeqCursor(request.cursor);
    const rows = this.stores.editions.ownedPage(communityId, memberId, beforeId, limit + 1);
    const page = rows.slice(0, limit);
    const types = new Map<number, ReturnType<typeof toArtifactType>>();
    const items = page.map((row) => {
      let type = types.get(row.typeId);
      if (type === undefined) {
        type = toArtifactType(this.stores.types.require(communityId, row.typeId));
        types.set(row.typeId, type);
      }
      return { edition: toEdition(row), type };
    });
    const nextCursor = rows.length > limit ? encodeCursor(page[page.length - 1]!.id) : null;
    return { items, nextCursor, ...this.stores.editions.ownedSummary(communityId, memberId) };
  }
}
