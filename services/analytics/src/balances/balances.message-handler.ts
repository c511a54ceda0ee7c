import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AnalyticsCommands } from '@ticketonomics/contracts';
import type { AnalyticsRequest, AnalyticsResponse } from '../analytics.commands';
import { BalancesService } from './balances.service';

@Controller()
export class BalancesMessageHandler {
  constructor(private readonly balances: BalancesService) {}

  @MessagePattern(AnalyticsCommands.balancesList.subject)
  list(@Payload() request: AnalyticsRequest<'balancesList'>): AnalyticsResponse<'balancesList'> {
    return this.balances.list(request.communityId, request.cursor, request.limit);
  }
}
