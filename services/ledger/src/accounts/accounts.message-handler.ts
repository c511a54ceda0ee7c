import { Controller, UseInterceptors } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { LedgerCommands } from '@ticketonomics/contracts';
import type { LedgerRequest, LedgerResponse } from '../ledger.commands';
import { AccountsService } from './accounts.service';
import { CommittedReadsInterceptor } from '../commit/committed-reads.interceptor';

@Controller()
export class AccountsMessageHandler {
  constructor(private readonly accounts: AccountsService) {}

  @MessagePattern(LedgerCommands.accountOpen.subject)
  open(@Payload() request: LedgerRequest<'accountOpen'>): Promise<LedgerResponse<'accountOpen'>> {
    return this.accounts.open(request);
  }

  @MessagePattern(LedgerCommands.accountGet.subject)
  @UseInterceptors(CommittedReadsInterceptor)
  get(@Payload() request: LedgerRequest<'accountGet'>): LedgerResponse<'accountGet'> {
    return this.accounts.get(request.accountId);
  }

  @MessagePattern(LedgerCommands.accountList.subject)
  @UseInterceptors(CommittedReadsInterceptor)
  list(@Payload() request: LedgerRequest<'accountList'>): Promise<LedgerResponse<'accountList'>> {
    return this.accounts.list(request);
  }

  @MessagePattern(LedgerCommands.accountFreeze.subject)
  freeze(@Payload() request: LedgerRequest<'accountFreeze'>): Promise<LedgerResponse<'accountFreeze'>> {
    return this.accounts.setFrozen(request.accountId, true, request.reason);
  }

  @MessagePattern(LedgerCommands.accountUnfreeze.subject)
  unfreeze(@Payload() request: LedgerRequest<'accountUnfreeze'>): Promise<LedgerResponse<'accountUnfreeze'>> {
    return this.accounts.setFrozen(request.accountId, false, request.reason);
  }

  @MessagePattern(LedgerCommands.balanceGet.subject)
  @UseInterceptors(CommittedReadsInterceptor)
  balance(@Payload() request: LedgerRequest<'balanceGet'>): LedgerResponse<'balanceGet'> {
    return this.accounts.balance(request.accountId);
  }
}
