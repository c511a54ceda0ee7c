import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AnalyticsCommands } from '@ticketonomics/contracts';
import type { AnalyticsRequest, AnalyticsResponse } from '../analytics.commands';
import { MarketService } from './market.service';

@Controller()
export class MarketMessageHandler {
  constructor(private readonly market: MarketService) {}

  @MessagePattern(AnalyticsCommands.marketGet.subject)
  get(@Payload() request: AnalyticsRequest<'marketGet'>): AnalyticsResponse<'marketGet'> {
    return this.market.types(request.communityId, request.cursor, request.limit);
  }
}
