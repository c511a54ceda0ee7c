import { Injectable } from '@nestjs/common';
import {
  DomainError,
  PAGE_SIZE_DEFAULT,
  type Transfer,
  type TransferCode,
  type TransferRequest,
  type TransferResult,
} from '@ticketonomics/contracts';
import { DataSource } from 'typeorm';
import { decodeSeqCursor, encodeCursor } from '../store/cursor';
import { LedgerReads } from '../store/ledger.reads';
import { LedgerWriter } from '../writer/ledger-writer';
import type { BatchResult } from '../writer/ledger-writer.protocol';
import { TransferEntity } from './transfer.entity';
import { toTransfer } from './transfer.mapper';

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
    private readonly reads: LedgerReads,
    private readonly writer: LedgerWriter,
    private readonly dataSource: DataSource,
  ) {}

  create(request: TransferRequest): Promise<TransferResult> {
    return this.writer.call('transfer.create', request);
  }

  /** Independent transfers: each applies or fails on its own, in order, usually within one commit. */
  batch(requests: readonly TransferRequest[]): Promise<BatchResult[]> {
    return this.writer.call('transfer.batch', requests);
  }

  linked(requests: readonly TransferRequest[]): Promise<Transfer[]> {
    return this.writer.call('transfer.linked', requests);
  }

  post(request: { pendingId: string; amount?: number }): Promise<Transfer> {
    return this.writer.call('transfer.post', request);
  }

  void(request: { pendingId: string }): Promise<Transfer> {
    return this.writer.call('transfer.void', request);
  }

  reverse(request: { id: string; transferId: string; memo: string }): Promise<Transfer> {
    return this.writer.call('transfer.reverse', request);
  }

  get(transferId: string): Transfer {
    const row = this.reads.journal.findById(transferId);
    if (row === undefined) {
      throw new DomainError('NOT_FOUND', `transferId: no transfer ${transferId}`, { field: 'transferId' });
    }
    return toTransfer(row, row.kind === 'pending' ? this.reads.holds.state(row.id) : null);
  }

  /** Newest first; the cursor is the last seq of the previous page. */
  async history(query: HistoryQuery): Promise<{ items: Transfer[]; nextCursor: string | null }> {
    const limit = query.limit ?? PAGE_SIZE_DEFAULT;
    const builder = this.dataSource
      .getRepository(TransferEntity)
      .createQueryBuilder('t')
      .where('t.community_id = :communityId', { communityId: query.communityId })
      .orderBy('t.seq', 'DESC')
      .limit(limit + 1);
    if (query.accountId !== undefined) {
      builder.andWhere('(t.debit_account_id = :accountId OR t.credit_account_id = :accountId)', {
        accountId: query.accountId,
      });
    }
    if (query.code !== undefined) builder.andWhere('t.code = :code', { code: query.code });
    if (query.fromTime !== undefined)
      builder.andWhere('t.created_at >= :from', { from: Date.parse(query.fromTime) });
    if (query.toTime !== undefined) builder.andWhere('t.created_at < :to', { to: Date.parse(query.toTime) });
    if (query.cursor !== undefined)
      builder.andWhere('t.seq < :before', { before: decodeSeqCursor(query.cursor) });
    const rows = await builder.getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) =>
        toTransfer(row, row.kind === 'pending' ? this.reads.holds.state(row.id) : null),
      ),
      nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last.seq) : null,
    };
  }
}
