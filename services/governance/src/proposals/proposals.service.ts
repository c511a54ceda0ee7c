import { Inject, Injectable } from '@nestjs/common';
import { DomainError, PAGE_SIZE_DEFAULT, type Proposal, type ProposalStatus } from '@ticketonomics/contracts';
import { OwnersGateway } from '../apply/owners.gateway';
import { eligibilityCut } from '../eligibility/eligibility.rules';
import { GovernanceEventsEmitter } from '../events/governance-events.emitter';
import type { GovernanceRequest } from '../governance.commands';
import { proposedValueRefusal, thresholdFor } from '../parameters/parameter.rules';
import { GovernanceStores } from '../store/governance.stores';
import { CLOCK, type Clock } from '../governance.tokens';
import { toProposal, type ProposalRow } from './proposals.store';

type CreateRequest = GovernanceRequest<'proposalCreate'>;

@Injectable()
export class ProposalsService {
  constructor(
    private readonly stores: GovernanceStores,
    private readonly events: GovernanceEventsEmitter,
    private readonly owners: OwnersGateway,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * The current value is read from its owner first (outside the transaction); everything else (the
   * repeat, eligibility, cooldown, the cap, the bounds) is checked inside the one that writes, so two
   * proposals arriving together cannot both pass the cap or the cooldown.
   */
  async create(request: CreateRequest): Promise<Proposal> {
    const repeat = this.repeatOf(request);
    if (repeat !== null) return repeat;
    const reading = await this.owners.read(request.communityId, request.parameter);
    const current = reading.current;
    return this.stores.write(() => {
      const again = this.repeatOf(request);
      if (again !== null) return again;
      const now = this.clock();
      const settings = this.stores.settings.get(request.communityId);
      const cut = eligibilityCut(now, settings);
      const voters = this.stores.members.eligible(request.communityId, cut.joinedBy, cut.activeSince);
      if (!voters.includes(request.proposerId)) {
        throw new DomainError(
          'FORBIDDEN',
          `only members of at least ${settings.membershipDaysMin} days${settings.activityDays === null ? '' : ` with a reward in the last ${settings.activityDays} days`} may propose`,
          {
            field: 'proposerId',
            reason: 'not_eligible',
            communityId: request.communityId,
            userId: request.proposerId,
          },
        );
      }
      const last = this.stores.proposals.lastCreatedAt(request.communityId, request.proposerId);
      if (last !== null && now - last < settings.proposalCooldownMs) {
        const waitMs = settings.proposalCooldownMs - (now - last);
        throw new DomainError('RATE_LIMITED', 'one proposal per member per cooldown; propose again later', {
          reason: 'proposal_cooldown',
          retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
        });
      }
      if (this.stores.proposals.openCount(request.communityId) >= settings.openProposalsMax) {
        throw new DomainError(
          'LIMIT_EXCEEDED',
          `the community has ${settings.openProposalsMax} open proposals, its most; wait for one to end`,
          { limit: settings.openProposalsMax },
        );
      }
      const refusal =
        proposedValueRefusal(request.parameter, current, request.value) ?? reading.refusal(request.value);
      if (refusal !== null) throw refusal;
      const recipientId = request.recipientId ?? null;
      if (recipientId !== null) this.assertMember(request.communityId, recipientId);
      const row: ProposalRow = {
        communityId: request.communityId,
        id: this.stores.counters.next(request.communityId, 'proposal'),
        requestId: request.requestId,
        proposerId: request.proposerId,
        title: request.title,
        parameter: request.parameter,
        currentValue: current,
        proposedValue: request.value,
        recipientId,
        thresholdBps: thresholdFor(request.parameter, current, request.value, settings),
        quorumBps: settings.quorumBps,
        timelockMs: settings.timelockMs,
        status: 'voting',
        eligibleCount: voters.length,
        yes: 0,
        no: 0,
        createdAt: now,
        votingEndsAt: now + settings.votingPeriodMs,
        decidedAt: null,
        appliesAt: null,
        rejectedFor: null,
        vetoBy: null,
        vetoReason: null,
        vetoedAt: null,
        cancelledAt: null,
        appliedAt: null,
        failure: null,
      };
      this.stores.proposals.insert(row);
      this.stores.voters.snapshot(row.communityId, row.id, voters);
      const proposal = toProposal(row);
      this.events.proposalCreated(proposal);
      return proposal;
    });
  }

  get(communityId: string, proposalId: number): Proposal {
    return toProposal(this.require(communityId, proposalId));
  }

  list(request: GovernanceRequest<'proposalList'>): { items: Proposal[]; nextCursor: string | null } {
    const limit = request.limit ?? PAGE_SIZE_DEFAULT;
    const before = request.cursor === undefined ? null : cursorNumber(request.cursor);
    const rows = this.stores.proposals.page(
      request.communityId,
      (request.status ?? null) as ProposalStatus | null,
      before,
      limit + 1,
    );
    const items = rows.slice(0, limit).map(toProposal);
    return { items, nextCursor: rows.length > limit ? String(items[items.length - 1]!.id) : null };
  }

  veto(request: GovernanceRequest<'proposalVeto'>): Proposal {
    return this.stores.write(() => {
      const row = this.require(request.communityId, request.proposalId);
      if (row.status !== 'voting' && row.status !== 'passed') {
        throw notOpen(row, 'only a proposal voting or waiting for its timelock can be vetoed');
      }
      const closed: ProposalRow = {
        ...row,
        status: 'vetoed',
        vetoBy: request.adminId,
        vetoReason: request.reason,
        vetoedAt: this.clock(),
      };
      this.stores.proposals.update(closed);
      const proposal = toProposal(closed);
      this.events.proposalClosed(proposal);
      return proposal;
    });
  }

  cancel(request: GovernanceRequest<'proposalCancel'>): Proposal {
    return this.stores.write(() => {
      const row = this.require(request.communityId, request.proposalId);
      if (row.proposerId !== request.proposerId) {
        throw new DomainError('FORBIDDEN', 'only its proposer can withdraw a proposal', {
          field: 'proposerId',
          reason: 'not_proposer',
        });
      }
      if (row.status !== 'voting') throw notOpen(row, 'only a proposal still voting can be withdrawn');
      const closed: ProposalRow = { ...row, status: 'cancelled', cancelledAt: this.clock() };
      this.stores.proposals.update(closed);
      const proposal = toProposal(closed);
      this.events.proposalClosed(proposal);
      return proposal;
    });
  }

  require(communityId: string, proposalId: number): ProposalRow {
    const row = this.stores.proposals.find(communityId, proposalId);
    if (row === null) {
      throw new DomainError('NOT_FOUND', `no proposal ${proposalId} in ${communityId}`, {
        field: 'proposalId',
        communityId,
        proposalId,
      });
    }
    return row;
  }

  /** A grant pays an active member of the community, as accounts last reported them. */
  private assertMember(communityId: string, userId: string): void {
    const member = this.stores.members.find(communityId, userId);
    if (member === null || !member.active) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `recipientId: ${userId} is not an active member of ${communityId}; a grant pays a member`,
        { field: 'recipientId' },
      );
    }
  }

  /** The proposal a repeated request made, or null; the same requestId for another proposal is refused. */
  private repeatOf(request: CreateRequest): Proposal | null {
    const row = this.stores.proposals.findByRequest(request.communityId, request.requestId);
    if (row === null) return null;
    const same =
      row.proposerId === request.proposerId &&
      row.parameter === request.parameter &&
      row.proposedValue === request.value &&
      row.recipientId === (request.recipientId ?? null) &&
      row.title === request.title;
    if (!same) {
      throw new DomainError('IDEMPOTENCY_CONFLICT', `requestId ${request.requestId} made another proposal`, {
        field: 'requestId',
        requestId: request.requestId,
      });
    }
    return toProposal(row);
  }
}

export function notOpen(row: ProposalRow, message: string): DomainError {
  return new DomainError('CONFLICT', `${message}; proposal ${row.id} is ${row.status}`, {
    reason: 'not_open',
    status: row.status,
    proposalId: row.id,
  });
}

function cursorNumber(cursor: string): number {
  const value = Number(cursor);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new DomainError('VALIDATION_FAILED', 'cursor must be one from a previous page', {
      field: 'cursor',
    });
  }
  return value;
}
