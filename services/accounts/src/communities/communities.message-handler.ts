import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AccountsCommands } from '@ticketonomics/contracts';
import type { AccountsRequest, AccountsResponse } from '../accounts.commands';
import { CommunitiesService } from './communities.service';

@Controller()
export class CommunitiesMessageHandler {
  constructor(private readonly communities: CommunitiesService) {}

  @MessagePattern(AccountsCommands.communityUpsert.subject)
  upsert(@Payload() request: AccountsRequest<'communityUpsert'>): AccountsResponse<'communityUpsert'> {
    return this.communities.upsert(request);
  }

  @MessagePattern(AccountsCommands.communityGet.subject)
  get(@Payload() request: AccountsRequest<'communityGet'>): AccountsResponse<'communityGet'> {
    return this.communities.get(request.communityId);
  }
}
