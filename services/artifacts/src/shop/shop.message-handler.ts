import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ArtifactsCommands } from '@ticketonomics/contracts';
import type { ArtifactsRequest, ArtifactsResponse } from '../artifacts.commands';
import { ShopService } from './shop.service';

@Controller()
export class ShopMessageHandler {
  constructor(private readonly shop: ShopService) {}

  @MessagePattern(ArtifactsCommands.shopAdd.subject)
  add(@Payload() request: ArtifactsRequest<'shopAdd'>): ArtifactsResponse<'shopAdd'> {
    return this.shop.add(request);
  }

  @MessagePattern(ArtifactsCommands.shopRestock.subject)
  restock(@Payload() request: ArtifactsRequest<'shopRestock'>): ArtifactsResponse<'shopRestock'> {
    return this.shop.restock(request);
  }

  @MessagePattern(ArtifactsCommands.shopClose.subject)
  close(@Payload() request: ArtifactsRequest<'shopClose'>): ArtifactsResponse<'shopClose'> {
    return this.shop.close(request);
  }

  @MessagePattern(ArtifactsCommands.shopBrowse.subject)
  browse(@Payload() request: ArtifactsRequest<'shopBrowse'>): ArtifactsResponse<'shopBrowse'> {
    return this.shop.browse(request);
  }

  @MessagePattern(ArtifactsCommands.shopBuy.subject)
  buy(@Payload() request: ArtifactsRequest<'shopBuy'>): Promise<ArtifactsResponse<'shopBuy'>> {
    return this.shop.buy(request);
  }
}
