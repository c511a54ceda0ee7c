import type { Edition, PaymentSplit, ProvenanceKind } from '@ticketonomics/contracts';
import { strict as assert } from 'node:assert';
import { ArtifactsEventsEmitter } from '../events/artifacts-events.emitter';
import { toProvenanceEntry } from '../provenance/provenance.store';
import { ArtifactsStores } from '../store/artifacts.stores';
import type { TypeRow } from '../types/types.store';
import { toEdition, type EditionRow, type EditionStatus } from './editions.store';

export interface Move {
  kind: ProvenanceKind;
  toId: string | null;
  status: EditionStatus;
  price: number | null;
  requestId: string;
  payment: PaymentSplit | null;
  /** The request whose payment must settle before the edition moves again; null: free at once. */
  settling: string | null;
  at: number;
}

/**
 * Every change of an edition goes through here, inside a write: the edition row, its provenance row
 * chained to the community's last one, the type's counts, and the event, together.
 */
export class EditionMoves {
  constructor(
    private readonly stores: ArtifactsStores,
    private readonly events: ArtifactsEventsEmitter,
  ) {}

  /** A new edition of `type` (the caller checked its supply). */
  mint(type: TypeRow, move: Omit<Move, 'status'> & { kind: 'minted' | 'bought'; toId: string }): Edition {
    assert(type.supplyMax === null || type.minted < type.supplyMax, 'mint past the supply');
    const row: EditionRow = {
      communityId: type.communityId,
      id: this.stores.counters.next(type.communityId, 'edition'),
      typeId: type.id,
      serial: type.minted + 1,
      ownerId: move.toId,
      status: 'owned',
      settling: move.settling,
      mintedAt: move.at,
      updatedAt: move.at,
    };
    this.stores.editions.insert(row);
    this.stores.types.addCounts(type.communityId, type.id, 1, 0);
    return this.record(row, null, { ...move, status: 'owned' });
  }

  /** Give the edition to `move.toId` (null with status burned: destroy it). */
  move(edition: EditionRow, move: Move): Edition {
    assert((move.toId === null) === (move.status === 'burned'), 'only a burned edition has no owner');
    const updated: EditionRow = {
      ...edition,
      ownerId: move.toId,
      status: move.status,
      settling: move.settling,
      updatedAt: move.at,
    };
    this.stores.editions.update(updated);
    if (move.status === 'burned' && edition.status !== 'burned') {
      this.stores.types.addCounts(edition.communityId, edition.typeId, 0, 1);
    }
    return this.record(updated, edition.ownerId, move);
  }

  /** Change only the status (listed, in trade, owned again): no provenance, the owner stays. */
  setStatus(edition: EditionRow, status: EditionStatus, at: number): EditionRow {
    assert(edition.status !== 'burned' && status !== 'burned', 'a burn is a move');
    const updated = { ...edition, status, updatedAt: at };
    this.stores.editions.update(updated);
    return updated;
  }

  private record(row: EditionRow, fromId: string | null, move: Move): Edition {
    const provenance = this.stores.provenance.append({
      communityId: row.communityId,
      editionId: row.id,
      kind: move.kind,
      fromId,
      toId: move.toId,
      price: move.price,
      requestId: move.requestId,
      at: move.at,
    });
    const edition = toEdition(row);
    this.events.editionChanged({ edition, provenance: toProvenanceEntry(provenance), payment: move.payment });
    return edition;
  }
}
