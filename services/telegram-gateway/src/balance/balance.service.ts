import { Inject, Injectable } from '@nestjs/common';
import { LedgerCommands, type Account, type Transfer } from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import { AdminCheckService } from '../admin/admin-check.service';
import { userError } from '../errors/user-facing.error';
import type { GroupChat, Member } from '../members/member';
import type { Recipient } from '../members/target.resolver';

/** How many entries /history shows: a chat message, not a statement. */
export const HISTORY_ENTRIES_SHOWN = 10;

/** Rows that changed the posted balance; holds and voids do not, so they would only confuse the list. */
const BALANCE_CHANGING_KINDS = new Set<Transfer['kind']>(['posted', 'post_pending']);

/** A member's last balance-changing transfers: whose (`who` null: the asker's own), newest first. */
export interface History {
  accountId: string;
  who: string | null;
  rows: Transfer[];
}

@Injectable()
export class BalanceService {
  constructor(
    @Inject(CommandClient) private readonly client: CommandClient,
    @Inject(AdminCheckService) private readonly admins: AdminCheckService,
  ) {}

  async balance(member: Member): Promise<number> {
    const view = await this.client.request(LedgerCommands.balanceGet, { accountId: member.accountId });
    return view.balance;
  }

  account(member: Member): Promise<Account> {
    return this.client.request(LedgerCommands.accountGet, { accountId: member.accountId });
  }

  /** The member's own history, or `subject`'s: an admin sees anyone's, a member only their own. */
  async history(member: Member, chat: GroupChat, subject?: Recipient): Promise<History> {
    if (subject === undefined || subject.userId === member.userId) {
      return this.historyOf(member.communityId, member.accountId, null);
    }
    if (!(await this.admins.isAdmin(chat.id, member.telegramUserId))) throw userError('historyNotYours');
    return this.historyOf(member.communityId, subject.accountId, subject.label);
  }

  private async historyOf(communityId: string, accountId: string, who: string | null): Promise<History> {
    const page = await this.client.request(LedgerCommands.transferHistory, {
      communityId,
      accountId,
      limit: HISTORY_ENTRIES_SHOWN,
    });
    return { accountId, who, rows: page.items.filter((row) => BALANCE_CHANGING_KINDS.has(row.kind)) };
  }
}
