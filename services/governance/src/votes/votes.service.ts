import { Inject, Injectable } from '@nestjs/common';
import { DomainError, type Proposal, type Vote } from '@ticketonomics/contracts';
import { GovernanceEventsEmitter } from '../events/governance-events.emitter';
import type { GovernanceRequest } from '../governance.commands';
import { CLOCK, type Clock } from '../governance.tokens';
import { notOpen, ProposalsService } from '../proposals/proposals.service';
import { toProposal } from '../proposals/proposals.store';
import { GovernanceStores } from '../store/governance.stores';

@Injectable()
export class VotesService {
  constructor(
    private readonly stores: GovernanceStores,
    private readonly proposals: ProposalsService,
    private readonly events: GovernanceEventsEmitter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** One vote per voter fixed when the proposal opened, while it is voting and before its end. */
  vote(request: GovernanceRequest<'proposalVote'>): { vote: Vote; proposal: Proposal } {
    return this.stores.write(() => {
      const row = this.proposals.require(request.communityId, request.proposalId);
      const now = this.clock();
      // A vote that ended but was not decided yet (the worker's next round) takes no more votes.
      if (row.status !== 'voting' || now >= row.votingEndsAt) {
        throw notOpen(row, 'voting has ended');
      }
      const voter = this.stores.voters.find(request.communityId, request.proposalId, request.voterId);
      if (voter === null) {
        throw new DomainError('FORBIDDEN', 'only members eligible when the proposal opened may vote on it', {
          field: 'voterId',
          reason: 'not_eligible',
          communityId: request.communityId,
          userId: request.voterId,
        });
      }
      if (
        !this.stores.voters.cast(
          request.communityId,
          request.proposalId,
          request.voterId,
          request.choice,
          now,
        )
      ) {
        throw new DomainError('CONFLICT', `${request.voterId} has voted on proposal ${row.id} already`, {
          reason: 'already_voted',
          userId: request.voterId,
          proposalId: row.id,
        });
      }
      const counted = {
        ...row,
        yes: row.yes + (request.choice === 'yes' ? 1 : 0),
        no: row.no + (request.choice === 'no' ? 1 : 0),
      };
      this.stores.proposals.update(counted);
      const vote: Vote = {
        communityId: request.communityId,
        proposalId: row.id,
        voterId: request.voterId,
        choice: request.choice,
        at: new Date(now).toISOString(),
      };
      const proposal = toProposal(counted);
      this.events.proposalVoted(vote, proposal);
      return { vote, proposal };
    });
  }
}
