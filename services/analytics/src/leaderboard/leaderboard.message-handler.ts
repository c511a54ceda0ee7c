import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AnalyticsCommands } from '@ticketonomics/contracts';
import type { AnalyticsRequest, AnalyticsResponse } from '../analytics.commands';
import { LeaderboardService } from './leaderboard.service';

@Controller()
export class LeaderboardMessageHandler {
  constructor(private readonly leaderboard: LeaderboardService) {}

  @MessagePattern(AnalyticsCommands.leaderboardGet.subject)
  get(@Payload() request: AnalyticsRequest<'leaderboardGet'>): AnalyticsResponse<'leaderboardGet'> {
    const items = this.leaderboard.top(request.communityId, request.board, request.limit, request.at);
    return { board: request.board, items };
  }
}
