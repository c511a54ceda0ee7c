import { Controller, UseInterceptors } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { LedgerCommands } from '@ticketonomics/contracts';
import type { LedgerRequest, LedgerResponse } from '../ledger.commands';
import { PolicyService } from './policy.service';
import { CommittedReadsInterceptor } from '../commit/committed-reads.interceptor';

@Controller()
export class PolicyMessageHandler {
  constructor(private readonly policy: PolicyService) {}

  @MessagePattern(LedgerCommands.policyGet.subject)
  @UseInterceptors(CommittedReadsInterceptor)
  get(@Payload() request: LedgerRequest<'policyGet'>): LedgerResponse<'policyGet'> {
    return this.policy.get(request.communityId);
  }

  @MessagePattern(LedgerCommands.policySet.subject)
  set(@Payload() request: LedgerRequest<'policySet'>): Promise<LedgerResponse<'policySet'>> {
    const { communityId, ...change } = request;
    return this.policy.set(communityId, change);
  }
}
