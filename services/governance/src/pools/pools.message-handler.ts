import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { PoolCommands } from '@ticketonomics/contracts';
import type { PoolRequest, PoolResponse } from './pools.commands';
import { PoolsService } from './pools.service';

@Controller()
export class PoolsMessageHandler {
  constructor(private readonly pools: PoolsService) {}

  @MessagePattern(PoolCommands.poolOpen.subject)
  open(@Payload() request: PoolRequest<'poolOpen'>): PoolResponse<'poolOpen'> {
    return this.pools.open(request);
  }

  @MessagePattern(PoolCommands.poolGet.subject)
  get(@Payload() request: PoolRequest<'poolGet'>): PoolResponse<'poolGet'> {
    return this.pools.get(request.communityId, request.poolId);
  }

  @MessagePattern(PoolCommands.poolList.subject)
  list(@Payload() request: PoolRequest<'poolList'>): PoolResponse<'poolList'> {
    return this.pools.list(request);
  }

  @MessagePattern(PoolCommands.poolPledge.subject)
  pledge(@Payload() request: PoolRequest<'poolPledge'>): Promise<PoolResponse<'poolPledge'>> {
    return this.pools.pledge(request);
  }

  @MessagePattern(PoolCommands.poolCancel.subject)
  cancel(@Payload() request: PoolRequest<'poolCancel'>): Promise<PoolResponse<'poolCancel'>> {
    return this.pools.cancel(request);
  }
}
