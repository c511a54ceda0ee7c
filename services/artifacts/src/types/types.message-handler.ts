import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ArtifactsCommands } from '@ticketonomics/contracts';
import type { ArtifactsRequest, ArtifactsResponse } from '../artifacts.commands';
import { TypesService } from './types.service';

@Controller()
export class TypesMessageHandler {
  constructor(private readonly types: TypesService) {}

  @MessagePattern(ArtifactsCommands.typeCreate.subject)
  create(@Payload() request: ArtifactsRequest<'typeCreate'>): Promise<ArtifactsResponse<'typeCreate'>> {
    return this.types.create(request);
  }

  @MessagePattern(ArtifactsCommands.typeGet.subject)
  get(@Payload() request: ArtifactsRequest<'typeGet'>): ArtifactsResponse<'typeGet'> {
    return this.types.get(request.communityId, request.typeId);
  }

  @MessagePattern(ArtifactsCommands.typeList.subject)
  list(@Payload() request: ArtifactsRequest<'typeList'>): ArtifactsResponse<'typeList'> {
    return this.types.list(request);
  }
}
