import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AccountsCommands } from '@ticketonomics/contracts';
import type { AccountsRequest, AccountsResponse } from '../accounts.commands';
import { ActivityService } from '../activity/activity.service';
import { SettingsService } from './settings.service';

@Controller()
export class SettingsMessageHandler {
  constructor(
    private readonly settings: SettingsService,
    private readonly activity: ActivityService,
  ) {}

  @MessagePattern(AccountsCommands.settingsGet.subject)
  get(@Payload() request: AccountsRequest<'settingsGet'>): AccountsResponse<'settingsGet'> {
    return this.settings.get(request.communityId);
  }

  @MessagePattern(AccountsCommands.settingsSet.subject)
  set(@Payload() request: AccountsRequest<'settingsSet'>): AccountsResponse<'settingsSet'> {
    return this.settings.set(request);
  }

  @MessagePattern(AccountsCommands.activityRecord.subject)
  record(@Payload() request: AccountsRequest<'activityRecord'>): Promise<AccountsResponse<'activityRecord'>> {
    return this.activity.record(request);
  }

  @MessagePattern(AccountsCommands.activityDaily.subject)
  daily(@Payload() request: AccountsRequest<'activityDaily'>): AccountsResponse<'activityDaily'> {
    return this.activity.daily(request.communityId, request.userId);
  }
}
