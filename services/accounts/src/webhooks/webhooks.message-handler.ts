import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AccountsIntegrationCommands as Commands } from '@ticketonomics/contracts';
import type { AccountsRequest, AccountsResponse } from '../accounts.commands';
import { WebhooksService } from './webhooks.service';

@Controller()
export class WebhooksMessageHandler {
  constructor(private readonly webhooks: WebhooksService) {}

  @MessagePattern(Commands.webhookCreate.subject)
  create(@Payload() request: AccountsRequest<'webhookCreate'>): Promise<AccountsResponse<'webhookCreate'>> {
    return this.webhooks.create(request);
  }

  @MessagePattern(Commands.webhookList.subject)
  list(@Payload() request: AccountsRequest<'webhookList'>): AccountsResponse<'webhookList'> {
    return this.webhooks.list(request.communityId);
  }

  @MessagePattern(Commands.webhookEnable.subject)
  enable(@Payload() request: AccountsRequest<'webhookEnable'>): AccountsResponse<'webhookEnable'> {
    return this.webhooks.enable(request.communityId, request.webhookId);
  }

  @MessagePattern(Commands.webhookDelete.subject)
  delete(@Payload() request: AccountsRequest<'webhookDelete'>): AccountsResponse<'webhookDelete'> {
    return this.webhooks.delete(request.communityId, request.webhookId);
  }

  @MessagePattern(Commands.webhookDeliveries.subject)
  deliveries(
    @Payload() request: AccountsRequest<'webhookDeliveries'>,
  ): AccountsResponse<'webhookDeliveries'> {
    return this.webhooks.deliveries(request);
  }
}
