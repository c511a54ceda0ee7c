import { Inject, Injectable } from '@nestjs/common';
import { LedgerCommands, type Transfer } from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import type { Message } from 'telegraf/types';
import { AdminCheckService } from '../admin/admin-check.service';
import { USAGE } from '../bot/bot-commands';
import { userError } from '../errors/user-facing.error';
import type { Messages } from '../i18n/messages.en';
import type { GroupChat, Member } from '../members/member';
import { TargetResolver } from '../members/target.resolver';
import { commandArgs, parseTarget } from '../parsing/command-args.parser';

/** How many entries /history shows: a chat message, not a statement. */
export const HISTORY_ENTRIES_SHOWN = 10;

/** Rows that changed the posted balance; holds and voids do not, so they would only confuse the list. */
const BALANCE_CHANGING_KINDS = new Set<Transfer['kind']>(['posted', 'post_pending']);

@Injectable()
export class BalanceService {
  constructor(
    @Inject(CommandClient) private readonly client: CommandClient,
    @Inject(TargetResolver) private readonly targets: TargetResolver,
    @Inject(AdminCheckService) private readonly admins: AdminCheckService,
  ) {}

  async balanceText(member: Member, t: Messages): Promise<string> {
    const view = await this.client.request(LedgerCommands.balanceGet, { accountId: member.accountId });
    return t.balance({ name: member.displayName, balance: view.balance });
  }

  async meText(member: Member, t: Messages): Promise<string> {
    const account = await this.client.request(LedgerCommands.accountGet, { accountId: member.accountId });
    return t.me({
      name: member.displayName,
      username: member.username === null ? t.noUsername : `@${member.username}`,
      balance: account.balance,
      frozen: account.frozen,
    });
  }

  /** /history: the member's own; /history @user: an admin sees anyone's, a member only their own. */
  async historyText(
    member: Member,
    chat: GroupChat,
    message: Message.TextMessage,
    bot: string,
    t: Messages,
  ): Promise<string> {
    const args = commandArgs(message.text);
    if (args === '') return this.historyOf(member.communityId, member.accountId, null, t);
    const [target] = parseTarget(args, false, USAGE.history);
    const subject = await this.targets.resolve(chat, message, target, bot);
    if (subject.userId === member.userId)
      return this.historyOf(member.communityId, member.accountId, null, t);
    if (!(await this.admins.isAdmin(chat.id, member.telegramUserId))) throw userError('historyNotYours');
    return this.historyOf(member.communityId, subject.accountId, subject.label, t);
  }

  /** Each line ends with the entry's id, which /reverse takes. */
  private async historyOf(
    communityId: string,
    accountId: string,
    who: string | null,
    t: Messages,
  ): Promise<string> {
    const page = await this.client.request(LedgerCommands.transferHistory, {
      communityId,
      accountId,
      limit: HISTORY_ENTRIES_SHOWN,
    });
    const rows = page.items.filter((row) => BALANCE_CHANGING_KINDS.has(row.kind));
    if (rows.length === 0) return t.historyEmpty;
    const lines = rows.map((row) => {
      const outgoing = row.debitAccountId === accountId;
      return t.historyLine({
        delta: `${outgoing ? '−' : '+'}${row.amount}`,
        code: row.code,
        memo: row.memo,
        balanceAfter: outgoing ? row.debitBalanceAfter : row.creditBalanceAfter,
        id: row.id,
      });
    });
    const header =
      who === null ? t.historyHeader({ count: rows.length }) : t.historyHeaderOf({ count: rows.length, who });
    return [header, ...lines].join('\n');
  }
}
