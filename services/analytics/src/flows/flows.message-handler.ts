import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AnalyticsCommands } from '@ticketonomics/contracts';
import type { AnalyticsRequest, AnalyticsResponse } from '../analytics.commands';
import { FlowsService } from './flows.service';

@Controller()
export class FlowsMessageHandler {
  constructor(private readonly flows: FlowsService) {}

  @MessagePattern(AnalyticsCommands.flowsGet.subject)
  get(@Payload() request: AnalyticsRequest<'flowsGet'>): AnalyticsResponse<'flowsGet'> {
    return this.flows.flows(request.communityId, request.days, request.at);
  }
}
