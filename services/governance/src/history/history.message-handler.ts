import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GovernanceCommands } from '@ticketonomics/contracts';
import type { GovernanceRequest, GovernanceResponse } from '../governance.commands';
import { HistoryService } from './history.service';

@Controller()
export class HistoryMessageHandler {
  constructor(private readonly history: HistoryService) {}

  @MessagePattern(GovernanceCommands.historyList.subject)
  list(@Payload() request: GovernanceRequest<'historyList'>): GovernanceResponse<'historyList'> {
    return this.history.list(request);
  }
}
