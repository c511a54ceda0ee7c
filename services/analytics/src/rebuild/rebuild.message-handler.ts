import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { AnalyticsCommands } from '@ticketonomics/contracts';
import type { AnalyticsResponse } from '../analytics.commands';
import { RebuildService } from './rebuild.service';

@Controller()
export class RebuildMessageHandler {
  constructor(private readonly rebuilds: RebuildService) {}

  @MessagePattern(AnalyticsCommands.statusGet.subject)
  status(): Promise<AnalyticsResponse<'statusGet'>> {
    return this.rebuilds.status();
  }

  @MessagePattern(AnalyticsCommands.rebuildStart.subject)
  rebuild(): Promise<AnalyticsResponse<'rebuildStart'>> {
    return this.rebuilds.rebuild();
  }
}
