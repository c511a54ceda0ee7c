import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ArtifactsCommands } from '@ticketonomics/contracts';
import type { ArtifactsRequest, ArtifactsResponse } from '../artifacts.commands';
import { SettingsService } from './settings.service';

@Controller()
export class SettingsMessageHandler {
  constructor(private readonly settings: SettingsService) {}

  @MessagePattern(ArtifactsCommands.settingsGet.subject)
  get(@Payload() request: ArtifactsRequest<'settingsGet'>): ArtifactsResponse<'settingsGet'> {
    return this.settings.get(request.communityId);
  }

  @MessagePattern(ArtifactsCommands.settingsSet.subject)
  set(@Payload() request: ArtifactsRequest<'settingsSet'>): ArtifactsResponse<'settingsSet'> {
    return this.settings.set(request);
  }
}
