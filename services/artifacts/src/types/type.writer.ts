import type { ArtifactType } from '@ticketonomics/contracts';
import type { ArtifactsRequest } from '../artifacts.commands';
import type { ArtifactsEventsEmitter } from '../events/artifacts-events.emitter';
import type { ArtifactsStores } from '../store/artifacts.stores';
import { toArtifactType, type TypeRow } from './types.store';

export type TypeFields = Omit<ArtifactsRequest<'typeCreate'>, 'requestId' | 'asAdmin'>;

/** Inside a write: the new type, announced at once (free) or later, once its creation fee is paid. */
export function insertType(
  stores: ArtifactsStores,
  events: ArtifactsEventsEmitter,
  fields: TypeFields,
  at: number,
  announce: boolean,
): ArtifactType {
  const row: TypeRow = {
    communityId: fields.communityId,
    id: stores.counters.next(fields.communityId, 'type'),
    name: fields.name,
    description: fields.description,
    emoji: fields.emoji ?? null,
    imageUrl: fields.imageUrl ?? null,
    rarity: fields.rarity,
    supplyMax: fields.supplyMax,
    minted: 0,
    burned: 0,
    creatorId: fields.creatorId,
    royaltyBps: fields.royaltyBps,
    lastPrice: null,
    createdAt: at,
  };
  stores.types.insert(row);
  const type = toArtifactType(row);
  if (announce) events.typeCreated(type);
  return type;
}
