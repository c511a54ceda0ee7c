import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GovernanceCommands } from '@ticketonomics/contracts';
import type { GovernanceRequest, GovernanceResponse } from '../governance.commands';
import { SettingsService } from './settings.service';

@Controller()
export class SettingsMessageHandler {
  constructor(private readonly settings: SettingsService) {}

  @MessagePattern(GovernanceCommands.settingsGet.subject)
  get(@Payload() request: GovernanceRequest<'settingsGet'>): GovernanceResponse<'settingsGet'> {
    return this.settings.get(request.communityId);
  }

  @MessagePattern(GovernanceCommands.settingsSet.subject)
  set(@Payload() request: GovernanceRequest<'settingsSet'>): GovernanceResponse<'settingsSet'> {
    return this.settings.set(request);
  }
}
