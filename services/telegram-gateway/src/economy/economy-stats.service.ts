import { Inject, Injectable } from '@nestjs/common';
import { AccountsCommands, LedgerCommands, PAGE_SIZE_MAX, type Account } from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import { labelOf } from '../members/members.service';

/** How many holders /top shows. */
export const TOP_HOLDERS_SHOWN = 10;
/** Pages of accounts read for /top and /stats: a bound on the work until analytics serves these. */
const ACCOUNT_PAGES_MAX = 50;

export interface Holder {
  rank: number;
  label: string;
  balance: number;
}

export interface EconomyOverview {
  supply: number;
  treasury: number;
  members: number;
  transfers: number;
}

/**
 * The read side of /top and /stats, asked from the ledger directly for now. The analytics service will
 * serve leaderboards and figures from its read models; swapping it in changes only this class.
 */
@Injectable()
export class EconomyStatsService {
  constructor(@Inject(CommandClient) private readonly client: CommandClient) {}

  /** Members' accounts by balance, highest first (ties by account id), with their names from accounts. */
  async topHolders(communityId: string, count = TOP_HOLDERS_SHOWN): Promise<Holder[]> {
    const accounts = (await this.userAccounts(communityId))
      .filter((account) => account.balance > 0 && account.ownerId !== null)
      .sort((a, b) => b.balance - a.balance || (a.id < b.id ? -1 : 1))
      .slice(0, count);
    const users = await Promise.all(
      accounts.map((account) => this.client.request(AccountsCommands.userGet, { userId: account.ownerId! })),
    );
    return accounts.map((account, index) => ({
      rank: index + 1,
      label: labelOf(users[index]!),
      balance: account.balance,
    }));
  }

  async overview(communityId: string): Promise<EconomyOverview> {
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
