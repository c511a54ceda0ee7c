import { Inject, Injectable } from '@nestjs/common';
import {
  AnalyticsCommands,
  GovernanceCommands,
  isDomainError,
  ledgerAccountId,
  LedgerCommands,
  OPEN_PROPOSAL_STATUSES,
  projectSupply,
  type CommandRequest,
  type CommandResponse,
  type CommandSpec,
  type Demurrage,
  type Emission,
  type FeeDestination,
  type FlowDay,
  type ParameterChange,
  type Proposal,
  type SupplyProjection,
} from '@ticketonomics/contracts';
import type { CommandClient } from '@ticketonomics/messaging';
import type { Logger } from 'pino';
import type { DashboardLimits } from './dashboard.limits';
import { DASHBOARD_COMMANDS, DASHBOARD_LIMITS, DASHBOARD_LOGGER } from './dashboard.tokens';
import { MemberLabels } from './member-labels.service';
import { PublicDataService } from './public-data.service';
import { SharedReads } from './shared-reads.cache';

/** The schedule, where it stands, the supply it leads to, and each day's sources and sinks. */
export interface EconomyView {
  currency: { name: string; symbol: string };
  supply: number;
  treasury: number;
  schedule: {
    emission: Emission;
    /** Whether periods are being applied (emission on or a holding fee set). */
    active: boolean;
    nextDueAt: string | null;
    emittedTotal: number;
    demurrageTotal: number;
    demurrage: Demurrage | null;
    taxBps: number;
    taxDestination: FeeDestination;
  };
  /** The supply over the next periods if only the schedule changed it (libs/contracts projectSupply). */
  projection: SupplyProjection;
  /** The last flowDays UTC days, oldest first; null when the analytics service does not answer. */
  flows: FlowDay[] | null;
}

/** A proposal as the public page shows it: who proposed and who vetoed by their display names. */
export interface ProposalView {
  id: number;
  title: string;
  parameter: string;
  currentValue: number | null;
  proposedValue: number;
  status: Proposal['status'];
  yes: number;
  no: number;
  eligibleCount: number;
  proposer: string;
  votingEndsAt: string;
  decidedAt: string | null;
  appliesAt: string | null;
  appliedAt: string | null;
  rejectedFor: Proposal['rejectedFor'];
  veto: { by: string; reason: string; at: string } | null;
  failure: string | null;
}

export interface GovernanceView {
  /** Voting, or passed and waiting for the timelock or being applied. */
  open: ProposalView[];
  /** The latest decided ones: applied, rejected, vetoed, withdrawn, failed or expired. */
  results: ProposalView[];
  history: Pick<
    ParameterChange,
    'seq' | 'parameter' | 'oldValue' | 'newValue' | 'source' | 'proposalId' | 'at'
  >[];
}

/**
 * The dashboard's economy panel: the ledger's schedule and supply with its projection, the analytics
 * service's daily flows, and governance's proposals and parameter history. Each read bounded and shared
 * per community for readCacheMs, like the other cards.
 */
@Injectable()
export class EconomyPanelService {
  private readonly reads: SharedReads;

  constructor(
    @Inject(DASHBOARD_COMMANDS) private readonly commands: CommandClient,
    @Inject(DASHBOARD_LIMITS) private readonly limits: DashboardLimits,
    @Inject(DASHBOARD_LOGGER) private readonly logger: Logger,
    private readonly labels: MemberLabels,
    private readonly data: PublicDataService,
  ) {
    this.reads = new SharedReads(limits.readCacheEntriesMax, limits.readCacheMs);
  }

  economy(communityId: string): Promise<EconomyView> {
    return this.reads.read(`economy:${communityId}`, this.limits.readCacheMs, async () => {
      const [policy, status, supply, flows] = await Promise.all([
        this.ask(LedgerCommands.policyGet, { communityId }),
        this.ask(LedgerCommands.emissionStatus, { communityId }),
        this.data.supply(communityId),
        this.flows(communityId),
      ]);
      return {
        currency: { name: policy.currencyName, symbol: policy.currencySymbol },
        supply: supply.supply,
        treasury: supply.treasury,
        schedule: {
          emission: policy.emission,
          active: status.active,
          nextDueAt: status.nextDueAt,
          emittedTotal: status.emittedTotal,
          demurrageTotal: status.demurrageTotal,
          demurrage: policy.demurrage,
          taxBps: policy.taxBps,
          taxDestination: policy.taxDestination,
        },
        projection: projectSupply({
          emission: policy.emission,
          supply: supply.supply,
          periods: this.limits.projectionPeriods,
          nextDueAt: status.nextDueAt,
        }),
        flows,
      };
    });
  }

  governance(communityId: string): Promise<GovernanceView> {
    return this.reads.read(`governance:${communityId}`, this.limits.readCacheMs, async () => {
      const [proposals, history] = await Promise.all([
        this.ask(GovernanceCommands.proposalList, { communityId, limit: this.limits.proposalsRead }),
        this.ask(GovernanceCommands.historyList, { communityId, limit: this.limits.historyShown }),
      ]);
      const open = proposals.items.filter((proposal) => OPEN_PROPOSAL_STATUSES.includes(proposal.status));
      const results = proposals.items
        .filter((proposal) => !OPEN_PROPOSAL_STATUSES.includes(proposal.status))
        .slice(0, this.limits.resultsShown);
      const people = [...open, ...results].flatMap((proposal) => [
        proposal.proposerId,
        ...(proposal.veto === null ? [] : [proposal.veto.by]),
      ]);
      const parties = await this.labels.parties(
        people.map((userId) => ledgerAccountId('user', communityId, userId)),
      );
      const label = (userId: string) =>
        parties.get(ledgerAccountId('user', communityId, userId))?.label ?? userId;
      const view = (proposal: Proposal): ProposalView => ({
        id: proposal.id,
        title: proposal.title,
        parameter: proposal.parameter,
        currentValue: proposal.currentValue,
        proposedValue: proposal.proposedValue,
        status: proposal.status,
        yes: proposal.yes,
        no: proposal.no,
        eligibleCount: proposal.eligibleCount,
        proposer: label(proposal.proposerId),
        votingEndsAt: proposal.votingEndsAt,
        decidedAt: proposal.decidedAt,
        appliesAt: proposal.appliesAt,
        appliedAt: proposal.appliedAt,
        rejectedFor: proposal.rejectedFor,
        veto:
          proposal.veto === null
            ? null
            : { by: label(proposal.veto.by), reason: proposal.veto.reason, at: proposal.veto.at },
        failure: proposal.failure,
      });
      return {
        open: open.map(view),
        results: results.map(view),
        history: history.items.map(({ seq, parameter, oldValue, newValue, source, proposalId, at }) => ({
          seq,
          parameter,
          oldValue,
          newValue,
          source,
          proposalId,
          at,
        })),
      };
    });
  }

  private ask<C extends CommandSpec>(command: C, payload: CommandRequest<C>): Promise<CommandResponse<C>> {
    return this.commands.request(command, payload, { timeoutMs: this.limits.commandTimeoutMs });
  }

  /** The daily flows, or null without analytics (the ledger alone would need its whole journal read). */
  private async flows(communityId: string): Promise<FlowDay[] | null> {
    try {
      const answer = await this.commands.request(
        AnalyticsCommands.flowsGet,
        { communityId, days: this.limits.flowDays },
        { timeoutMs: this.limits.analyticsTimeoutMs },
      );
      return answer.days;
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'UNAVAILABLE') {
        this.logger.warn({ err: error, communityId }, 'analytics refused the daily flows');
      }
      return null;
    }
  }
}
