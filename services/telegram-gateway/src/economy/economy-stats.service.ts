import { Inject, Injectable } from '@nestjs/common';
import {
  AccountsCommands,
  AnalyticsCommands,
  isDomainError,
  LedgerCommands,
  PAGE_SIZE_MAX,
  rankHolders,
  type Account,
  type AnalyticsOverview,
  type CommandRequest,
  type CommandResponse,
  type CommandSpec,
  type Leaderboard,
  type LeaderboardEntry,
} from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import type { Logger } from 'pino';
import { userError } from '../errors/user-facing.error';
import { LOGGER } from '../gateway.tokens';
import { labelOf } from '../members/members.service';
import type { ScheduleView } from './schedule.view';

/** How many members /top shows. */
export const TOP_SHOWN = 10;
/** Pages of ledger accounts read when analytics is away: a bound on the work of the fallback. */
const ACCOUNT_PAGES_MAX = 50;
/**
 * How long analytics may take before the ledger's figures are shown instead. Shorter than the other
 * backends' timeout: the ledger's basics now are worth more than the full figures much later.
 */
const ANALYTICS_TIMEOUT_MS = 2_000;

export interface Ranked {
  rank: number;
  label: string;
  /** Balance (holders) or tickets received this week (earners). */
  value: number;
}

/** The ledger's basics, when analytics cannot answer. */
export interface LedgerOverview {
  supply: number;
  treasury: number;
  members: number;
  /** Journal rows (supply.get's transfers). */
  transfers: number;
}

/** Where the figures came from: analytics (the read model), or the ledger because analytics did not answer. */
export type StatsView =
  { source: 'analytics'; overview: AnalyticsOverview } | { source: 'ledger'; overview: LedgerOverview };
export interface RankingView {
  source: 'analytics' | 'ledger';
  ranked: Ranked[];
}

/**
 * The read side of /top and /stats. The analytics service serves them from its read models (built from the
 * event stream, so a moment behind the ledger). When it does not answer, /stats and /top holders fall back
 * to what the ledger itself can tell (supply, treasury, member accounts, journal rows, balances) and say so;
 * the week's earners exist only in analytics, so /top week says it is unavailable.
 */
@Injectable()
export class EconomyStatsService {
  constructor(
    @Inject(CommandClient) private readonly client: CommandClient,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The community's money policy and where its emission schedule stands, both from the ledger. */
  async schedule(communityId: string): Promise<ScheduleView> {
    const [policy, status] = await Promise.all([
      this.client.request(LedgerCommands.policyGet, { communityId }),
      this.client.request(LedgerCommands.emissionStatus, { communityId }),
    ]);
    return {
      emission: policy.emission,
      distribution: policy.distribution,
      demurrage: policy.demurrage,
      taxBps: policy.taxBps,
      taxDestination: policy.taxDestination,
      status,
    };
  }

  async stats(communityId: string): Promise<StatsView> {
    try {
      return {
        source: 'analytics',
        overview: await this.analytics(AnalyticsCommands.overviewGet, { communityId }),
      };
    } catch (error) {
      this.fallingBack(error);
      return { source: 'ledger', overview: await this.ledgerOverview(communityId) };
    }
  }

  /** The members with the most tickets (holders) or who received the most this ISO week (earners-week). */
  async top(communityId: string, board: Leaderboard): Promise<RankingView> {
    let entries: LeaderboardEntry[];
    try {
      const answer = await this.analytics(AnalyticsCommands.leaderboardGet, {
        communityId,
        board,
        limit: TOP_SHOWN,
      });
      entries = answer.items;
    } catch (error) {
      this.fallingBack(error);
      if (board !== 'holders') throw userError('statsUnavailable');
      return { source: 'ledger', ranked: await this.ledgerHolders(communityId) };
    }
    // A member with nothing (balance 0, nothing earned) is not on a leaderboard, as in the ledger's ranking.
    const shown = entries.filter(
      (entry): entry is LeaderboardEntry & { ownerId: string } => entry.value > 0 && entry.ownerId !== null,
    );
    const labels = await this.labels(shown.map((entry) => entry.ownerId));
    return {
      source: 'analytics',
      ranked: shown.map((entry, index) => ({ rank: entry.rank, label: labels[index]!, value: entry.value })),
    };
  }

  /** An analytics query with its short timeout; a failure is a DomainError the callers fall back on. */
  private analytics<C extends CommandSpec>(
    command: C,
    payload: CommandRequest<C>,
  ): Promise<CommandResponse<C>> {
    return this.client.request(command, payload, { timeoutMs: ANALYTICS_TIMEOUT_MS });
  }

  /** Any refusal by analytics means "no figures from it now"; anything else is a bug here and is thrown. */
  private fallingBack(error: unknown): void {
    if (!isDomainError(error)) throw error;
    if (error.code === 'UNAVAILABLE' || error.code === 'OVERLOADED') {
      this.logger.warn({ err: error }, 'analytics is unavailable: answering from the ledger');
    } else {
      this.logger.error({ err: error }, 'analytics refused a query: answering from the ledger');
    }
  }

  /** Names of members by accounts user id, in the given order, as every reply names them. */
  private labels(userIds: string[]): Promise<string[]> {
    return Promise.all(
      userIds.map(async (userId) => labelOf(await this.client.request(AccountsCommands.userGet, { userId }))),
    );
  }

  /** The holders' board from the ledger's balances, ranked as analytics ranks it. */
  private async ledgerHolders(communityId: string): Promise<Ranked[]> {
    const members = (await this.userAccounts(communityId)).filter(
      (account): account is Account & { ownerId: string } => account.ownerId !== null,
    );
    const board = rankHolders(members, TOP_SHOWN);
    const labels = await this.labels(board.map(({ account }) => account.ownerId));
    return board.map(({ rank, account }, index) => ({
      rank,
      label: labels[index]!,
      value: account.balance,
    }));
  }

  private async ledgerOverview(communityId: string): Promise<LedgerOverview> {
    const [supply, accounts] = await Promise.all([
      this.client.request(LedgerCommands.supplyGet, { communityId }),
      this.userAccounts(communityId),
    ]);
    return {
      supply: supply.supply,
      treasury: supply.treasury,
      members: accounts.length,
      transfers: supply.transfers,
    };
  }

  private async userAccounts(communityId: string): Promise<Account[]> {
    const accounts: Account[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < ACCOUNT_PAGES_MAX; page += 1) {
      const result = await this.client.request(LedgerCommands.accountList, {
        communityId,
        kind: 'user',
        limit: PAGE_SIZE_MAX,
        ...(cursor !== undefined ? { cursor } : {}),
      });
      accounts.push(...result.items);
      if (result.nextCursor === null) break;
      cursor = result.nextCursor;
    }
    return accounts;
  }
}
