import { Injectable } from '@nestjs/common';
import type { VerifyReport } from '@ticketonomics/contracts';
import { LedgerWriter } from '../writer/ledger-writer';

@Injectable()
export class JournalVerifyService {
  constructor(private readonly writer: LedgerWriter) {}

  /** Replayed in the writer thread between two group commits, so no write lands halfway through. */
  verify(): Promise<VerifyReport> {
    return this.writer.call('journal.verify');
  }
}
