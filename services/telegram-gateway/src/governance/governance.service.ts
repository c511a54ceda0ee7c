import { Inject, Injectable } from '@nestjs/common';
import {
  governedValueOf,
  AccountsCommands,
  detailsOf,
  GOVERNANCE_LIMITS,
  GovernanceCommands,
  LedgerCommands,
  OPEN_PROPOSAL_STATUSES,
  PARAMETER_IDS,
  type CommandRequest,
  type CommandResponse,
  type CommandSpec,
  type GovernanceSettingsValues,
  type ParameterId,
  type User as AccountsUser,
  type Proposal,
  type VoteChoice,
} from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import type { Member } from '../members/member';
import { governanceRefusal, type GovernanceAbout } from './governance-refusal';
import { labelFrom, usersById } from './user-labels';
import {
  isOpen,
  parameterRow,
  proposalView,
  type ParameterRow,
  type ProposalView,
} from './governance.format';

/** Results /proposals shows after the open proposals. */
export const RECENT_RESULTS_SHOWN = 5;

export interface ProposalsOverview {
  open: ProposalView[];
  recent: ProposalView[];
}

/**
 * The bot's side of community governance: every request goes to the governance service (which checks
 * eligibility, bounds, the cooldown and the cap, and counts the votes); the current values /propose lists
 * are read from their owners, the ledger's policy and the accounts settings, as governance itself reads them.
 */
@Injectable()
export class GovernanceService {
  constructor(@Inject(CommandClient) private readonly client: CommandClient) {}

  /** Every governed parameter with its value now, its bounds and its largest change. */
  async parameters(communityId: string): Promise<ParameterRow[]> {
    const [policy, settings] = await Promise.all([
      this.client.request(LedgerCommands.policyGet, { communityId }),
      this.client.request(AccountsCommands.settingsGet, { communityId }),
    ]);
    return PARAMETER_IDS.map((id) => parameterRow(id, governedValueOf(id, policy, settings.rewards)));
  }

  /** Opens a proposal; its id is derived from the chat and the message, so a redelivered /propose opens one. */
  async propose(
    member: Member,
    message: { chatId: number; messageId: number },
    args: { parameter: ParameterId; value: number; title: string; recipientId?: string },
  ): Promise<ProposalView> {
    const { communityId } = member;
    const about: GovernanceAbout = { act: 'propose', parameter: args.parameter };
    try {
      const proposal = await this.client.request(GovernanceCommands.proposalCreate, {
        requestId: `tg-prop:${message.chatId}:${message.messageId}`,
        communityId,
        proposerId: member.userId,
        parameter: args.parameter,
        value: args.value,
        ...(args.recipientId === undefined ? {} : { recipientId: args.recipientId }),
        title: args.title,
      });
      return proposalView(proposal, await this.labeler([proposal]));
    } catch (error) {
      throw governanceRefusal(error, { ...about, eligibility: await this.eligibility(communityId, error) });
    }
  }

  async get(communityId: string, proposalId: number): Promise<ProposalView> {
    const proposal = await this.call(
      GovernanceCommands.proposalGet,
      { communityId, proposalId },
      { act: 'read', proposalId },
    );
    return this.view(proposal);
  }

  async vote(member: Member, proposalId: number, choice: VoteChoice): Promise<ProposalView> {
    const { proposal } = await this.call(
      GovernanceCommands.proposalVote,
      { communityId: member.communityId, proposalId, voterId: member.userId, choice },
      { act: 'vote', proposalId },
    );
    return this.view(proposal);
  }

  async veto(admin: Member, proposalId: number, reason: string): Promise<ProposalView> {
    const proposal = await this.call(
      GovernanceCommands.proposalVeto,
      { communityId: admin.communityId, proposalId, adminId: admin.userId, reason },
      { act: 'veto', proposalId },
    );
    return this.view(proposal);
  }

  /**
   * Open proposals (voting, passed, applying), oldest first, then the newest results. Each open status is read
   * on its own (at most the community's cap each), so an old proposal waiting for a long timelock is never
   * pushed off the page by newer results; the results come from the newest proposals of any status.
   */
  async overview(communityId: string): Promise<ProposalsOverview> {
    const list = (status?: (typeof OPEN_PROPOSAL_STATUSES)[number]) =>
      this.call(
        GovernanceCommands.proposalList,
        status === undefined
          ? { communityId, limit: GOVERNANCE_LIMITS.openProposalsMax + RECENT_RESULTS_SHOWN }
          : { communityId, status, limit: GOVERNANCE_LIMITS.openProposalsMax },
        { act: 'list' },
      );
    const [newest, ...open] = await Promise.all([undefined, ...OPEN_PROPOSAL_STATUSES].map(list));
    const openItems = open.flatMap((page) => page.items).sort((a, b) => a.id - b.id);
    const recentItems = newest!.items.filter((proposal) => !isOpen(proposal)).slice(0, RECENT_RESULTS_SHOWN);
    const label = await this.labeler([...openItems, ...recentItems]);
    return {
      open: openItems.map((proposal) => proposalView(proposal, label)),
      recent: recentItems.map((proposal) => proposalView(proposal, label)),
    };
  }

  rules(communityId: string): Promise<GovernanceSettingsValues> {
    return this.call(GovernanceCommands.settingsGet, { communityId }, { act: 'rules' });
  }

  /** The caller checked the role: governance trusts whoever may send settings.set. */
  setRules(communityId: string, patch: Partial<GovernanceSettingsValues>): Promise<GovernanceSettingsValues> {
    return this.call(GovernanceCommands.settingsSet, { communityId, ...patch }, { act: 'rules' });
  }

  private async call<C extends CommandSpec>(
    command: C,
    payload: CommandRequest<C>,
    about: GovernanceAbout,
  ): Promise<CommandResponse<C>> {
    try {
      return await this.client.request(command, payload);
    } catch (error) {
      throw governanceRefusal(error, about);
    }
  }

  /** The rules a refused proposer did not meet, so the reply can name them; undefined for other refusals. */
  private async eligibility(
    communityId: string,
    error: unknown,
  ): Promise<{ membershipDays: number; activityDays: number | null } | undefined> {
    if (detailsOf(error, 'FORBIDDEN')?.reason !== 'not_eligible') return undefined;
    const rules = await this.client
      .request(GovernanceCommands.settingsGet, { communityId })
      .catch(() => null);
    return rules === null
      ? undefined
      : { membershipDays: rules.membershipDaysMin, activityDays: rules.activityDays };
  }

  private async view(proposal: Proposal): Promise<ProposalView> {
    return proposalView(proposal, await this.labeler([proposal]));
  }

  /** A proposal as its group is told of it, in its proposer's language (a group has none of its own). */
  async news(proposal: Proposal): Promise<{ view: ProposalView; languageCode: string | undefined }> {
    const users = await this.users([proposal]);
    return {
      view: proposalView(proposal, labelFrom(users)),
      languageCode: users.get(proposal.proposerId)?.language,
    };
  }

  private async labeler(proposals: Proposal[]): Promise<(userId: string) => string> {
    return labelFrom(await this.users(proposals));
  }

  /** Proposers, vetoing admins and grant recipients as accounts has them. */
  private users(proposals: Proposal[]): Promise<Map<string, AccountsUser>> {
    return usersById(
      this.client,
      proposals.flatMap((p) => [
        p.proposerId,
        ...(p.veto === null ? [] : [p.veto.by]),
        ...(p.recipientId === null ? [] : [p.recipientId]),
      ]),
    );
  }
}
