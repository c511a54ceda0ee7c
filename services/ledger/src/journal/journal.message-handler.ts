import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { LedgerCommands } from '@ticketonomics/contracts';
import type { LedgerResponse } from '../ledger.commands';
import { JournalVerifyService } from './journal-verify.service';

@Controller()
export class JournalMessageHandler {
  constructor(private readonly verifier: JournalVerifyService) {}

  @MessagePattern(LedgerCommands.journalVerify.subject)
  verify(): Promise<LedgerResponse<'journalVerify'>> {
    return this.verifier.verify();
  }
}
