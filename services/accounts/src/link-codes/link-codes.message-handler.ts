import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AccountsCommands } from '@ticketonomics/contracts';
import type { AccountsRequest, AccountsResponse } from '../accounts.commands';
import { LinkCodesService } from './link-codes.service';

@Controller()
export class LinkCodesMessageHandler {
  constructor(private readonly linkCodes: LinkCodesService) {}

  @MessagePattern(AccountsCommands.linkCodeCreate.subject)
  create(@Payload() request: AccountsRequest<'linkCodeCreate'>): AccountsResponse<'linkCodeCreate'> {
    return this.linkCodes.create(request);
  }

  @MessagePattern(AccountsCommands.linkCodeRedeem.subject)
  redeem(@Payload() request: AccountsRequest<'linkCodeRedeem'>): Promise<AccountsResponse<'linkCodeRedeem'>> {
    return this.linkCodes.redeem(request);
  }
}
