import { Controller, UseInterceptors } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { LedgerCommands } from '@ticketonomics/contracts';
import type { LedgerRequest, LedgerResponse } from '../ledger.commands';
import { TransfersService } from './transfers.service';
import { CommittedReadsInterceptor } from '../commit/committed-reads.interceptor';

@Controller()
export class TransfersMessageHandler {
  constructor(private readonly transfers: TransfersService) {}

  @MessagePattern(LedgerCommands.transferCreate.subject)
  create(@Payload() request: LedgerRequest<'transferCreate'>): Promise<LedgerResponse<'transferCreate'>> {
    return this.transfers.create(request);
  }

  @MessagePattern(LedgerCommands.transferBatch.subject)
  async batch(@Payload() request: LedgerRequest<'transferBatch'>): Promise<LedgerResponse<'transferBatch'>> {
    return { results: await this.transfers.batch(request.transfers) };
  }

  @MessagePattern(LedgerCommands.transferLinked.subject)
  async linked(
    @Payload() request: LedgerRequest<'transferLinked'>,
  ): Promise<LedgerResponse<'transferLinked'>> {
    return { transfers: await this.transfers.linked(request.transfers) };
  }

  @MessagePattern(LedgerCommands.transferPost.subject)
  post(@Payload() request: LedgerRequest<'transferPost'>): Promise<LedgerResponse<'transferPost'>> {
    return this.transfers.post(request);
  }

  @MessagePattern(LedgerCommands.transferSettle.subject)
  settle(@Payload() request: LedgerRequest<'transferSettle'>): Promise<LedgerResponse<'transferSettle'>> {
    return this.transfers.settle(request);
  }

  @MessagePattern(LedgerCommands.transferVoid.subject)
  void(@Payload() request: LedgerRequest<'transferVoid'>): Promise<LedgerResponse<'transferVoid'>> {
    return this.transfers.void(request);
  }

  @MessagePattern(LedgerCommands.transferReverse.subject)
  reverse(@Payload() request: LedgerRequest<'transferReverse'>): Promise<LedgerResponse<'transferReverse'>> {
    return this.transfers.reverse(request);
  }

  @MessagePattern(LedgerCommands.transferGet.subject)
  @UseInterceptors(CommittedReadsInterceptor)
  get(@Payload() request: LedgerRequest<'transferGet'>): LedgerResponse<'transferGet'> {
    return this.transfers.get(request.transferId);
  }

  @MessagePattern(LedgerCommands.transferHistory.subject)
  @UseInterceptors(CommittedReadsInterceptor)
  history(@Payload() request: LedgerRequest<'transferHistory'>): Promise<LedgerResponse<'transferHistory'>> {
    return this.transfers.history(request);
  }
}
