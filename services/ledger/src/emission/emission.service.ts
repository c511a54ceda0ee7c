import { Inject, Injectable } from '@nestjs/common';
import type { EmissionStatus, Transfer } from '@ticketonomics/contracts';
import { CommitQueue } from '../commit/commit-queue';
import { JournalWriter } from '../journal/journal.writer';
import { EmissionEngine } from './emission.engine';
import { TreasuryGrantsEngine, type GrantRequest } from './treasury-grants.engine';

@Injectable()
export class EmissionService {
  constructor(
    @Inject(EmissionEngine) private readonly engine: EmissionEngine,
    @Inject(TreasuryGrantsEngine) private readonly grants: TreasuryGrantsEngine,
    private readonly queue: CommitQueue,
    private readonly writer: JournalWriter,
  ) {}

  status(communityId: string): EmissionStatus {
    return this.engine.status(communityId, this.writer.now());
  }

  grant(request: GrantRequest): Promise<Transfer> {
    return this.queue.submit(() => this.grants.grant(request), { checksBeforeWrites: true });
  }
}
