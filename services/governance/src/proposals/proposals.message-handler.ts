import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GovernanceCommands } from '@ticketonomics/contracts';
import type { GovernanceRequest, GovernanceResponse } from '../governance.commands';
import { VotesService } from '../votes/votes.service';
import { ProposalsService } from './proposals.service';

@Controller()
export class ProposalsMessageHandler {
  constructor(
    private readonly proposals: ProposalsService,
    private readonly votes: VotesService,
  ) {}

  @MessagePattern(GovernanceCommands.proposalCreate.subject)
  create(
    @Payload() request: GovernanceRequest<'proposalCreate'>,
  ): Promise<GovernanceResponse<'proposalCreate'>> {
    return this.proposals.create(request);
  }

  @MessagePattern(GovernanceCommands.proposalGet.subject)
  get(@Payload() request: GovernanceRequest<'proposalGet'>): GovernanceResponse<'proposalGet'> {
    return this.proposals.get(request.communityId, request.proposalId);
  }

  @MessagePattern(GovernanceCommands.proposalList.subject)
  list(@Payload() request: GovernanceRequest<'proposalList'>): GovernanceResponse<'proposalList'> {
    return this.proposals.list(request);
  }

  @MessagePattern(GovernanceCommands.proposalVote.subject)
  vote(@Payload() request: GovernanceRequest<'proposalVote'>): GovernanceResponse<'proposalVote'> {
    return this.votes.vote(request);
  }

  @MessagePattern(GovernanceCommands.proposalVeto.subject)
  veto(@Payload() request: GovernanceRequest<'proposalVeto'>): GovernanceResponse<'proposalVeto'> {
    return this.proposals.veto(request);
  }

  @MessagePattern(GovernanceCommands.proposalCancel.subject)
  cancel(@Payload() request: GovernanceRequest<'proposalCancel'>): GovernanceResponse<'proposalCancel'> {
    return this.proposals.cancel(request);
  }
}
