import { Controller, UseInterceptors } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { LedgerCommands } from '@ticketonomics/contracts';
import type { LedgerRequest, LedgerResponse } from '../ledger.commands';
import { SupplyService } from './supply.service';
import { CommittedReadsInterceptor } from '../commit/committed-reads.interceptor';

@Controller()
export class SupplyMessageHandler {
  constructor(private readonly supply: SupplyService) {}

  @MessagePattern(LedgerCommands.supplyMint.subject)
  mint(@Payload() request: LedgerRequest<'supplyMint'>): Promise<LedgerResponse<'supplyMint'>> {
    return this.supply.mint(request);
  }

  @MessagePattern(LedgerCommands.supplyBurn.subject)
  burn(@Payload() request: LedgerRequest<'supplyBurn'>): Promise<LedgerResponse<'supplyBurn'>> {
    return this.supply.burn(request);
  }

  @MessagePattern(LedgerCommands.supplyGet.subject)
  @UseInterceptors(CommittedReadsInterceptor)
  get(@Payload() request: LedgerRequest<'supplyGet'>): LedgerResponse<'supplyGet'> {
    return this.supply.get(request.communityId);
  }
}
