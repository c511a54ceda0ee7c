import { Injectable } from '@nestjs/common';
import { DomainError, PAGE_SIZE_DEFAULT, type ParameterChange } from '@ticketonomics/contracts';
import type { GovernanceRequest } from '../governance.commands';
import { GovernanceStores } from '../store/governance.stores';
import { toParameterChange } from './history.store';

@Injectable()
export class HistoryService {
  constructor(private readonly stores: GovernanceStores) {}

  list(request: GovernanceRequest<'historyList'>): { items: ParameterChange[]; nextCursor: string | null } {
    const limit = request.limit ?? PAGE_SIZE_DEFAULT;
    let before: number | null = null;
    if (request.cursor !== undefined) {
      before = Number(request.cursor);
      if (!Number.isSafeInteger(before) || before < 1) {
        throw new DomainError('VALIDATION_FAILED', 'cursor must be one from a previous page', {
          field: 'cursor',
        });
      }
    }
    const rows = this.stores.history.page(request.communityId, request.parameter ?? null, before, limit + 1);
    const items = rows.slice(0, limit).map(toParameterChange);
    return { items, nextCursor: rows.length > limit ? String(items[items.length - 1]!.seq) : null };
  }
}
