import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AnalyticsCommands } from '@ticketonomics/contracts';
import type { AnalyticsRequest, AnalyticsResponse } from '../analytics.commands';
import { SeriesService } from './series.service';

@Controller()
export class SeriesMessageHandler {
  constructor(private readonly series: SeriesService) {}

  @MessagePattern(AnalyticsCommands.seriesGet.subject)
  get(@Payload() request: AnalyticsRequest<'seriesGet'>): AnalyticsResponse<'seriesGet'> {
    return { metric: request.metric, bucket: request.bucket, points: this.series.points(request) };
  }
}
