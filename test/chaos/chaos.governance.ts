/**
 * Members governing their community during chaos: each community plays with fast rules (votes of a few
 * seconds, a timelock under a second, everyone eligible at once), members propose small changes of the
 * tax and of the daily bonus and vote on them, and open cooperation pools with deadlines of a few seconds
 * and pledge to them, so some pools reach their target and settle while others miss the deadline and
 * release. Commands go through RetryingCommands (the same body again after UNAVAILABLE or no answer, so
 * an opening, a pledge or a proposal counts once); what was acknowledged is recorded for the checks.
 */
import {
  AccountsCommands,
  GovernanceCommands,
  isDomainError,
  LedgerCommands,
  PoolCommands,
  type CommandRequest,
  type CommandResponse,
  type CommandSpec,
  type ParameterId,
} from '@ticketonomics/contracts';
import type { DemoCommands, Random } from '@ticketonomics/demo';
import { sleep, type ChaosRecord } from './chaos.record';

/** The rules every chaos community votes under (docs/governance.md: periods go down to a second). */
export const CHAOS_GOVERNANCE_RULES = {
  votingPeriodMs: 6_000,
  timelockMs: 500,
  quorumBps: 1_500,
  membershipDaysMin: 0,
  activityDays: null,
  proposalCooldownMs: 0,
  openProposalsMax: 10,
} as const;
/** Governance actions per second in each community (on top of the simulator's). */
const ACTIONS_PER_SECOND = 1;
const WEIGHTS = { propose: 0.15, vote: 0.35, openPool: 0.12, pledge: 0.38 } as const;
type Action = keyof typeof WEIGHTS;
const YES_SHARE = 0.7;
/** Members voting in one vote action: enough that most proposals meet the quorum and the threshold decides. */
const VOTES_PER_ACTION = 3;
/** Pools a community keeps open at once, so pledges gather on a few. */
const OPEN_POOLS_MAX = 2;
/** Members pledging in one pledge action: one at a time, most pools would miss their deadline. */
const PLEDGES_PER_ACTION = 2;
const POOL_DEADLINE_IN_MS: [number, number] = [5_000, 12_000];
const POOL_TARGET: [number, number] = [40, 150];
const PLEDGE_AMOUNT: [number, number] = [10, 50];
/** A vote sent this close to the end of the period would often land after it. */
const VOTE_BEFORE_END_MS = 300;
/** How long after its timelock a proposal is looked at again to know whether its parameter is free. */
const SETTLE_LOOK_MS = 2_000;
const GOVERNED: readonly ParameterId[] = ['ledger.taxBps', 'rewards.dailyBonus'];
const STEP: Record<string, [number, number]> = {
  'ledger.taxBps': [10, 50],
  'rewards.dailyBonus': [1, 20],
};

interface OpenProposal {
  id: number;
  parameter: ParameterId;
  votingEndsAt: number;
  /** When the proposal should be final (timelock passed): its parameter is free again after it. */
  doneAt: number;
  voters: Set<string>;
}

interface OpenPool {
  id: number;
  deadline: number;
}

interface GovernedCommunity {
  communityId: string;
  members: string[];
  proposals: OpenProposal[];
  pools: OpenPool[];
}

/** The owners' versions when the play starts: the checks compare them with the applied proposals. */
export interface OwnerVersions {
  ledgerPolicy: number;
  accountsSettings: number;
}

export class GovernancePlayer {
  private communities: GovernedCommunity[] = [];
  private sequence = 0;
  readonly startVersions = new Map<string, OwnerVersions>();

  constructor(
    private readonly commands: DemoCommands,
    private readonly record: ChaosRecord,
    private readonly random: Random,
    private readonly stopped: () => boolean,
    private readonly runId: string,
  ) {}

  /** The fast rules in every community, its members (owners of its user accounts) and its owners' versions. */
  async setUp(communityIds: string[]): Promise<void> {
    for (const communityId of communityIds) {
      await this.ask(GovernanceCommands.settingsSet, { communityId, ...CHAOS_GOVERNANCE_RULES });
      const accounts = await this.ask(LedgerCommands.accountList, { communityId, kind: 'user', limit: 100 });
      const members = accounts.items.flatMap((account) =>
        account.ownerId === null ? [] : [account.ownerId],
      );
      const policy = await this.ask(LedgerCommands.policyGet, { communityId });
      const settings = await this.ask(AccountsCommands.settingsGet, { communityId });
      this.startVersions.set(communityId, {
        ledgerPolicy: policy.version,
        accountsSettings: settings.version,
      });
      this.communities.push({ communityId, members, proposals: [], pools: [] });
    }
  }

  /** Plays every community at its pace until stopped. */
  async run(): Promise<void> {
    await Promise.all(this.communities.map((community) => this.play(community)));
  }

  private async play(community: GovernedCommunity): Promise<void> {
    while (!this.stopped()) {
      const startedAt = Date.now();
      const action = this.pickAction();
      try {
        const done = await this.act(community, action);
        this.record.count(`governance ${action}${done ? '' : ' (nothing to do)'}`);
      } catch (error) {
        this.record.count(`governance ${action} refused: ${isDomainError(error) ? error.code : 'ERROR'}`);
      }
      await sleep(Math.max(0, 1000 / ACTIONS_PER_SECOND - (Date.now() - startedAt)));
    }
  }

  private act(community: GovernedCommunity, action: Action): Promise<boolean> {
    switch (action) {
      case 'propose':
        return this.propose(community);
      case 'vote':
        return this.vote(community);
      case 'openPool':
        return this.openPool(community);
      case 'pledge':
        return this.pledge(community);
    }
  }

  /**
   * A small change of a parameter nobody is voting on now: two proposals of one parameter at once could
   * pass to the same value, and the second would change nothing, which would blur the once-only check.
   */
  private async propose(community: GovernedCommunity): Promise<boolean> {
    const { communityId } = community;
    await this.forgetFinished(community);
    const free = GOVERNED.filter((parameter) => !community.proposals.some((p) => p.parameter === parameter));
    if (free.length === 0 || community.members.length === 0) return false;
    const parameter = this.pick(free);
    const current =
      parameter === 'ledger.taxBps'
        ? (await this.ask(LedgerCommands.policyGet, { communityId })).taxBps
        : (await this.ask(AccountsCommands.settingsGet, { communityId })).rewards.dailyBonus;
    const step = this.between(STEP[parameter]!);
    const value = current - step >= 0 && this.random() < 0.5 ? current - step : current + step;
    const proposal = await this.ask(GovernanceCommands.proposalCreate, {
      requestId: this.requestId('p'),
      communityId,
      proposerId: this.pick(community.members),
      parameter,
      value,
      title: `Chaos: ${parameter} to ${value}`,
    });
    const votingEndsAt = Date.parse(proposal.votingEndsAt);
    community.proposals.push({
      id: proposal.id,
      parameter,
      votingEndsAt,
      doneAt: votingEndsAt + proposal.timelockMs + SETTLE_LOOK_MS,
      voters: new Set(),
    });
    this.record.governance.proposals.push({ communityId, proposalId: proposal.id });
    return true;
  }

  /** Proposals past their timelock that governance shows final free their parameter. */
  private async forgetFinished(community: GovernedCommunity): Promise<void> {
    const now = Date.now();
    for (const proposal of [...community.proposals]) {
      if (proposal.doneAt > now) continue;
      const seen = await this.ask(GovernanceCommands.proposalGet, {
        communityId: community.communityId,
        proposalId: proposal.id,
      });
      if (!['voting', 'passed', 'applying'].includes(seen.status))
        community.proposals.splice(community.proposals.indexOf(proposal), 1);
    }
  }

  /** A few members vote on the proposal with the fewest votes so far. */
  private async vote(community: GovernedCommunity): Promise<boolean> {
    const now = Date.now();
    const voting = community.proposals.filter((p) => p.votingEndsAt - VOTE_BEFORE_END_MS > now);
    const proposal = voting.sort((a, b) => a.voters.size - b.voters.size)[0];
    if (proposal === undefined) return false;
    let cast = 0;
    for (let i = 0; i < VOTES_PER_ACTION; i += 1) {
      const voters = community.members.filter((member) => !proposal.voters.has(member));
      if (voters.length === 0) break;
      const voterId = this.pick(voters);
      // Marked before sending: a vote whose answer was lost is not cast a second time by another action.
      proposal.voters.add(voterId);
      await this.ask(GovernanceCommands.proposalVote, {
        communityId: community.communityId,
        proposalId: proposal.id,
        voterId,
        choice: this.random() < YES_SHARE ? 'yes' : 'no',
      });
      this.record.governance.votes += 1;
      cast += 1;
    }
    return cast > 0;
  }

  private async openPool(community: GovernedCommunity): Promise<boolean> {
    const now = Date.now();
    community.pools = community.pools.filter((pool) => pool.deadline > now);
    if (community.pools.length >= OPEN_POOLS_MAX || community.members.length < 2) return false;
    const prize = this.random() < 0.5;
    const pool = await this.ask(PoolCommands.poolOpen, {
      requestId: this.requestId('o'),
      communityId: community.communityId,
      openerId: this.pick(community.members),
      title: prize ? 'Chaos quiz prize' : 'Chaos treasury top-up',
      purpose: prize ? 'prize' : 'treasury',
      ...(prize ? { recipientId: this.pick(community.members) } : {}),
      targetAmount: this.between(POOL_TARGET),
      deadline: new Date(now + this.between(POOL_DEADLINE_IN_MS)).toISOString(),
    });
    community.pools.push({ id: pool.id, deadline: Date.parse(pool.deadline) });
    this.record.governance.pools.push({ communityId: community.communityId, poolId: pool.id });
    return true;
  }

  /** A few members pledge to one open pool, as members rally behind a goal, until it settles. */
  private async pledge(community: GovernedCommunity): Promise<boolean> {
    const open = community.pools.filter((pool) => pool.deadline > Date.now());
    if (open.length === 0) return false;
    const pool = this.pick(open);
    for (let i = 0; i < PLEDGES_PER_ACTION; i += 1) {
      const reply = await this.ask(PoolCommands.poolPledge, {
        requestId: this.requestId('g'),
        communityId: community.communityId,
        poolId: pool.id,
        memberId: this.pick(community.members),
        amount: this.between(PLEDGE_AMOUNT),
      });
      this.record.governance.pledges.push({
        communityId: community.communityId,
        poolId: pool.id,
        seq: reply.pledge.seq,
        amount: reply.pledge.amount,
      });
      if (reply.pool.status !== 'open') {
        community.pools.splice(community.pools.indexOf(pool), 1);
        break;
      }
    }
    return true;
  }

  private pickAction(): Action {
    let roll = this.random();
    for (const [action, weight] of Object.entries(WEIGHTS) as [Action, number][]) {
      roll -= weight;
      if (roll < 0) return action;
    }
    return 'vote';
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.min(items.length - 1, Math.floor(this.random() * items.length))]!;
  }

  private between([min, max]: [number, number]): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  private requestId(kind: string): string {
    this.sequence += 1;
    return `chaos-${this.runId}-${kind}${this.sequence}`;
  }

  private ask<C extends CommandSpec>(command: C, payload: CommandRequest<C>): Promise<CommandResponse<C>> {
    return this.commands.request(command, payload);
  }
}
