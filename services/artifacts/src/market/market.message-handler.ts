import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ArtifactsCommands } from '@ticketonomics/contracts';
import type { ArtifactsRequest, ArtifactsResponse } from '../artifacts.commands';
import { MarketService } from './market.service';

@Controller()
export class MarketMessageHandler {
  constructor(private readonly market: MarketService) {}

  @MessagePattern(ArtifactsCommands.listingCreate.subject)
  create(@Payload() request: ArtifactsRequest<'listingCreate'>): ArtifactsResponse<'listingCreate'> {
    return this.market.create(request);
  }

  @MessagePattern(ArtifactsCommands.listingCancel.subject)
  cancel(@Payload() request: ArtifactsRequest<'listingCancel'>): ArtifactsResponse<'listingCancel'> {
    return this.market.cancel(request);
  }

  @MessagePattern(ArtifactsCommands.listingBrowse.subject)
  browse(@Payload() request: ArtifactsRequest<'listingBrowse'>): ArtifactsResponse<'listingBrowse'> {
    return this.market.browse(request);
  }

  @MessagePattern(ArtifactsCommands.listingBuy.subject)
  buy(@Payload() request: ArtifactsRequest<'listingBuy'>): Promise<ArtifactsResponse<'listingBuy'>> {
    return this.market.buy(request);
  }
}
