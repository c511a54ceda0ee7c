import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AccountsIntegrationCommands as Commands } from '@ticketonomics/contracts';
import type { AccountsRequest, AccountsResponse } from '../accounts.commands';
import { ApiKeysService } from './api-keys.service';

@Controller()
export class ApiKeysMessageHandler {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @MessagePattern(Commands.apiKeyCreate.subject)
  create(@Payload() request: AccountsRequest<'apiKeyCreate'>): Promise<AccountsResponse<'apiKeyCreate'>> {
    return this.apiKeys.create(request);
  }

  @MessagePattern(Commands.apiKeyRevoke.subject)
  revoke(@Payload() request: AccountsRequest<'apiKeyRevoke'>): Promise<AccountsResponse<'apiKeyRevoke'>> {
    return this.apiKeys.revoke(request);
  }

  @MessagePattern(Commands.apiKeyList.subject)
  list(@Payload() request: AccountsRequest<'apiKeyList'>): AccountsResponse<'apiKeyList'> {
    return this.apiKeys.list(request);
  }

  @MessagePattern(Commands.apiKeyVerify.subject)
  verify(@Payload() request: AccountsRequest<'apiKeyVerify'>): AccountsResponse<'apiKeyVerify'> {
    return this.apiKeys.verify(request);
  }
}
