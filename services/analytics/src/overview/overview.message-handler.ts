import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AnalyticsCommands } from '@ticketonomics/contracts';
import type { AnalyticsRequest, AnalyticsResponse } from '../analytics.commands';
import { OverviewService } from './overview.service';

@Controller()
export class OverviewMessageHandler {
  constructor(private readonly overview: OverviewService) {}

  @MessagePattern(AnalyticsCommands.overviewGet.subject)
  get(@Payload() request: AnalyticsRequest<'overviewGet'>): AnalyticsResponse<'overviewGet'> {
    return this.overview.overview(request.communityId, request.at);
  }
}
