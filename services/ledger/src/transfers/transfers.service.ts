import { Injectable } from '@nestjs/common';
import {
  DomainError,
  isDomainError,
  PAGE_SIZE_DEFAULT,
  type ErrorBody,
  type Transfer,
  type TransferCode,
  type TransferRequest,
  type TransferResult,
} from '@ticketonomics/contracts';
import { CommitQueue } from '../commit/commit-queue';
import { decodeSeqCursor, encodeCursor } from '@ticketonomics/persistence';
import { LedgerStores } from '../store/ledger.stores';
import { HoldsEngine } from './holds.engine';
import { PaymentsEngine } from './payments.engine';
import { ReversalsEngine } from './reversals.engine';
import { SettlementsEngine, type SettleRequest, type SettleResult } from './settlements.engine';
import { toTransfer } from './transfer.mapper';

/** These engine methods make every check before their first write (see CommitQueue). */
const CHECKED = { checksBeforeWrites: true } as const;

export type BatchResult = { ok: true; data: TransferResult } | { ok: false; error: ErrorBody };

export interface HistoryQuery {
  communityId: string;
  accountId?: string;
  code?: TransferCode;
  fromTime?: string;
  toTime?: string;
  cursor?: string;
  limit?: number;
}

@Injectable()
export class TransfersService {
  constructor(
    private readonly payments: PaymentsEngine,
    private readonly holds: HoldsEngine,
    private readonly reversals: ReversalsEngine,
    private readonly settlements: SettlementsEngine,
    private readonly queue: CommitQueue,
    private readonly stores: LedgerStores,
  ) {}

  create(request: TransferRequest): Promise<TransferResult> {
    return this.queue.submit(() => this.payments.create(request), CHECKED);
  }

  /** Independent transfers: each applies or fails on its own, in order, usually within one commit. */
  batch(requests: readonly TransferRequest[]): Promise<BatchResult[]> {
    return Promise.all(
      requests.map((request) =>
        this.queue
          .submit(() => this.payments.create(request), CHECKED)
          .then(
            (data): BatchResult => ({ ok: true, data }),
            (error: unknown): BatchResult => {
              if (isDomainError(error)) return { ok: false, error: error.toBody() };
              throw error;
            },
          ),
      ),
    );
  }

  linked(requests: readonly TransferRequest[]): Promise<Transfer[]> {
    return this.queue.submit(() => this.payments.createLinked(requests), { weight: requests.length });
  }

  post(request: { pendingId: string; amount?: number }): Promise<Transfer> {
    return this.queue.submit(() => this.holds.post(request), CHECKED);
  }

  /** Writes before its last check (a later hold may refuse), so it runs in its own savepoint. */
  settle(request: SettleRequest): Promise<SettleResult> {
    const weight = request.pendingIds.length + request.transfers.length;
    return this.queue.submit(() => this.settlements.settle(request), { weight });
  }

  void(request: { pendingId: string }): Promise<Transfer> {
    return this.queue.submit(() => this.holds.void(request), CHECKED);
  }

  reverse(request: { id: string; transferId: string; memo: string }): Promise<Transfer> {
    return this.queue.submit(() => this.reversals.reverse(request));
  }

  get(transferId: string): Transfer {
    const row = this.stores.journal.findById(transferId);
    if (row === undefined) {
      throw new DomainError('NOT_FOUND', `transferId: no transfer ${transferId}`, { field: 'transferId' });
    }
    return toTransfer(row, row.kind === 'pending' ? this.stores.holds.state(row.id) : null);
  }

  /** Newest first; the cursor is the last seq of the previous page. */
  async history(query: HistoryQuery): Promise<{ items: Transfer[]; nextCursor: string | null }> {
    const limit = query.limit ?? PAGE_SIZE_DEFAULT;
    const rows = this.stores.journal.page({
      communityId: query.communityId,
      accountId: query.accountId,
      code: query.code,
      fromMs: query.fromTime === undefined ? undefined : Date.parse(query.fromTime),
      toMs: query.toTime === undefined ? undefined : Date.parse(query.toTime),
      beforeSeq: query.cursor === undefined ? undefined : decodeSeqCursor(query.cursor),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) =>
        toTransfer(row, row.kind === 'pending' ? this.stores.holds.state(row.id) : null),
      ),
      nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last.seq) : null,
    };
  }
}
