import { Controller, UseInterceptors } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { LedgerCommands } from '@ticketonomics/contracts';
import type { LedgerRequest, LedgerResponse } from '../ledger.commands';
import { EmissionService } from './emission.service';
import { CommittedReadsInterceptor } from '../commit/committed-reads.interceptor';

@Controller()
export class EmissionMessageHandler {
  constructor(private readonly emission: EmissionService) {}

  @MessagePattern(LedgerCommands.emissionStatus.subject)
  @UseInterceptors(CommittedReadsInterceptor)
  status(@Payload() request: LedgerRequest<'emissionStatus'>): LedgerResponse<'emissionStatus'> {
    return this.emission.status(request.communityId);
  }

  @MessagePattern(LedgerCommands.treasuryGrant.subject)
  grant(@Payload() request: LedgerRequest<'treasuryGrant'>): Promise<LedgerResponse<'treasuryGrant'>> {
    return this.emission.grant(request);
  }
}
