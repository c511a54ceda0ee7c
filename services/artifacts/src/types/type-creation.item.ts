import { DomainError, type ArtifactType } from '@ticketonomics/contracts';
import type { Logger } from 'pino';
import type { ArtifactsEventsEmitter } from '../events/artifacts-events.emitter';
import type { SagaItem } from '../sagas/saga.item';
import type { SagaRow } from '../sagas/sagas.store';
import type { ArtifactsStores } from '../store/artifacts.stores';
import { insertType, type TypeFields } from './type.writer';
import { assertMemberMayCreate } from './types.service';

/** A member's type creation paid with the creation fee: the type exists once the fee is held. */
export class TypeCreationItem implements SagaItem {
  constructor(
    private readonly stores: ArtifactsStores,
    private readonly events: ArtifactsEventsEmitter,
    private readonly logger: Logger,
  ) {}

  apply(saga: SagaRow, at: number) {
    const { fields, fee } = saga.plan as { fields: TypeFields; fee: number };
    const settings = this.stores.settings.get(saga.communityId);
    assertMemberMayCreate(settings.memberCreationEnabled);
    if (settings.creationFee !== fee) {
      throw new DomainError(
        'CONFLICT',
        `creationFee: the creation fee changed to ${settings.creationFee} while you paid ${fee}; nothing was charged; create again`,
        { field: 'creationFee', reason: 'price_changed', price: settings.creationFee },
      );
    }
    const type = insertType(this.stores, this.events, fields, at, false);
    return { moved: { typeId: type.id }, result: type };
  }

  revert(saga: SagaRow): void {
    const typeId = (saga.moved as { typeId: number }).typeId;
    if (!this.stores.types.deleteIfUnused(saga.communityId, typeId)) {
      // Editions or shop items already use it: keeping it is the lesser harm; the fee stays unpaid.
      this.logger.error(
        { communityId: saga.communityId, typeId, requestId: saga.requestId },
        'unpaid type kept: in use',
      );
    }
  }

  completed(saga: SagaRow): void {
    this.events.typeCreated(saga.result as ArtifactType);
  }
}
