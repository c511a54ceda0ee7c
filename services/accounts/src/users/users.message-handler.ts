import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AccountsCommands } from '@ticketonomics/contracts';
import type { AccountsRequest, AccountsResponse } from '../accounts.commands';
import { UsersService } from './users.service';

@Controller()
export class UsersMessageHandler {
  constructor(private readonly users: UsersService) {}

  @MessagePattern(AccountsCommands.userUpsert.subject)
  upsert(@Payload() request: AccountsRequest<'userUpsert'>): Promise<AccountsResponse<'userUpsert'>> {
    return this.users.upsert(request);
  }

  @MessagePattern(AccountsCommands.userGet.subject)
  get(@Payload() request: AccountsRequest<'userGet'>): AccountsResponse<'userGet'> {
    return this.users.get(request.userId);
  }

  @MessagePattern(AccountsCommands.userFind.subject)
  find(@Payload() request: AccountsRequest<'userFind'>): AccountsResponse<'userFind'> {
    return this.users.find(request);
  }

  @MessagePattern(AccountsCommands.userLookup.subject)
  lookup(@Payload() request: AccountsRequest<'userLookup'>): Promise<AccountsResponse<'userLookup'>> {
    return this.users.lookup(request.communityId, request.username);
  }

  @MessagePattern(AccountsCommands.identityLink.subject)
  link(@Payload() request: AccountsRequest<'identityLink'>): Promise<AccountsResponse<'identityLink'>> {
    return this.users.link(request.userId, request);
  }
}
