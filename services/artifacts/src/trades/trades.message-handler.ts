import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ArtifactsCommands } from '@ticketonomics/contracts';
import type { ArtifactsRequest, ArtifactsResponse } from '../artifacts.commands';
import { TradesService } from './trades.service';

@Controller()
export class TradesMessageHandler {
  constructor(private readonly trades: TradesService) {}

  @MessagePattern(ArtifactsCommands.tradeOffer.subject)
  offer(@Payload() request: ArtifactsRequest<'tradeOffer'>): ArtifactsResponse<'tradeOffer'> {
    return this.trades.offer(request);
  }

  @MessagePattern(ArtifactsCommands.tradeAccept.subject)
  accept(@Payload() request: ArtifactsRequest<'tradeAccept'>): Promise<ArtifactsResponse<'tradeAccept'>> {
    return this.trades.accept(request);
  }

  @MessagePattern(ArtifactsCommands.tradeDecline.subject)
  decline(@Payload() request: ArtifactsRequest<'tradeDecline'>): ArtifactsResponse<'tradeDecline'> {
    return this.trades.decline(request);
  }

  @MessagePattern(ArtifactsCommands.tradeGet.subject)
  get(@Payload() request: ArtifactsRequest<'tradeGet'>): ArtifactsResponse<'tradeGet'> {
    return this.trades.get(request.communityId, request.tradeId);
  }

  @MessagePattern(ArtifactsCommands.tradeList.subject)
  list(@Payload() request: ArtifactsRequest<'tradeList'>): ArtifactsResponse<'tradeList'> {
    return this.trades.list(request);
  }
}
