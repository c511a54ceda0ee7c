import { Injectable } from '@nestjs/common';
import {
  ArtifactsCommands,
  DomainError,
  PAGE_SIZE_DEFAULT,
  type ArtifactType,
} from '@ticketonomics/contracts';
import { decodeSeqCursor, encodeCursor } from '@ticketonomics/persistence';
import type { ArtifactsRequest, ArtifactsResponse } from '../artifacts.commands';
import { ArtifactsEventsEmitter } from '../events/artifacts-events.emitter';
import { runOnce } from '../requests/idempotent';
import { accountIdOf, treasuryOf } from '../sagas/ledger.gateway';
import { Purchases } from '../sagas/purchases';
import { ArtifactsStores } from '../store/artifacts.stores';
import { insertType } from './type.writer';
import { toArtifactType } from './types.store';

const CREATE = ArtifactsCommands.typeCreate.subject;

@Injectable()
export class TypesService {
  constructor(
    private readonly stores: ArtifactsStores,
    private readonly events: ArtifactsEventsEmitter,
    private readonly purchases: Purchases,
  ) {}

  /** Admins create for free; members where allowed, paying the creation fee through a ledger hold. */
  async create(request: ArtifactsRequest<'typeCreate'>): Promise<ArtifactType> {
    const { requestId: _requestId, asAdmin: _asAdmin, ...fields } = request;
    const settings = this.stores.settings.get(request.communityId);
    if (!request.asAdmin) {
      const earlier = this.stores.requests.earlier(CREATE, request);
      if (earlier.kind === 'none') assertMemberMayCreate(settings.memberCreationEnabled);
    }
    if (request.asAdmin || settings.creationFee === 0) {
      return runOnce(this.stores, CREATE, request, (at) =>
        insertType(this.stores, this.events, fields, at, true),
      );
    }
    const fee = settings.creationFee;
    return (await this.purchases.run(CREATE, request, () => ({
      draft: {
        communityId: request.communityId,
        requestId: request.requestId,
        kind: 'type_create',
        buyerId: request.creatorId,
        price: fee,
        payouts: [
          { creditAccountId: accountIdOf(treasuryOf(request.communityId)), amount: fee, code: 'purchase' },
        ],
        split: { toPayee: fee, fee: 0, royalty: 0 },
        plan: { fields, fee },
        memo: `artifacts: creation of type ${fields.name}`.slice(0, 256),
      },
      payees: [],
    }))) as ArtifactType;
  }

  get(communityId: string, typeId: number): ArtifactType {
    return toArtifactType(this.stores.types.require(communityId, typeId));
  }

  list(request: ArtifactsRequest<'typeList'>): ArtifactsResponse<'typeList'> {
    const limit = request.limit ?? PAGE_SIZE_DEFAULT;
    const afterId = request.cursor === undefined ? 0 : decodeSeqCursor(request.cursor);
    const rows = this.stores.types.page(request.communityId, afterId, limit + 1);
    const items = rows.slice(0, limit).map(toArtifactType);
    const nextCursor = rows.length > limit ? encodeCursor(items[items.length - 1]!.id) : null;
    return { items, nextCursor };
  }
}

export function assertMemberMayCreate(enabled: boolean): void {
  if (!enabled) {
    throw new DomainError(
      'FORBIDDEN',
      'asAdmin: members may not create artifact types in this community; an admin can allow it with tk.cmd.artifacts.settings.set memberCreationEnabled: true',
      { field: 'asAdmin', reason: 'member_creation_disabled' },
    );
  }
}
