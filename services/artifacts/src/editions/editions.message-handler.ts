import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ArtifactsCommands } from '@ticketonomics/contracts';
import type { ArtifactsRequest, ArtifactsResponse } from '../artifacts.commands';
import { EditionsService } from './editions.service';

@Controller()
export class EditionsMessageHandler {
  constructor(private readonly editions: EditionsService) {}

  @MessagePattern(ArtifactsCommands.editionGrant.subject)
  grant(@Payload() request: ArtifactsRequest<'editionGrant'>): ArtifactsResponse<'editionGrant'> {
    return this.editions.grant(request);
  }

  @MessagePattern(ArtifactsCommands.editionGet.subject)
  get(@Payload() request: ArtifactsRequest<'editionGet'>): ArtifactsResponse<'editionGet'> {
    return this.editions.get(request.communityId, request.editionId);
  }

  @MessagePattern(ArtifactsCommands.editionGift.subject)
  gift(@Payload() request: ArtifactsRequest<'editionGift'>): ArtifactsResponse<'editionGift'> {
    return this.editions.gift(request);
  }

  @MessagePattern(ArtifactsCommands.editionBurn.subject)
  burn(@Payload() request: ArtifactsRequest<'editionBurn'>): ArtifactsResponse<'editionBurn'> {
    return this.editions.burn(request);
  }

  @MessagePattern(ArtifactsCommands.inventoryGet.subject)
  inventory(@Payload() request: ArtifactsRequest<'inventoryGet'>): ArtifactsResponse<'inventoryGet'> {
    return this.editions.inventory(request);
  }
}
