import { Inject, Injectable } from '@nestjs/common';
import { LedgerCommands, type Transfer } from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import type { Messages } from '../i18n/messages.en';
import type { Member } from '../members/member';

/** How many entries /history shows: a chat message, not a statement. */
export const HISTORY_ENTRIES_SHOWN = 10;

/** Rows that changed the posted balance; holds and voids do not, so they would only confuse the list. */
const BALANCE_CHANGING_KINDS = new Set<Transfer['kind']>(['posted', 'post_pending']);

@Injectable()
export class BalanceService {
  constructor(@Inject(CommandClient) private readonly client: CommandClient) {}

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

  async historyText(member: Member, t: Messages): Promise<string> {
    const page = await this.client.request(LedgerCommands.transferHistory, {
      communityId: member.communityId,
      accountId: member.accountId,
      limit: HISTORY_ENTRIES_SHOWN,
    });
    const rows = page.items.filter((row) => BALANCE_CHANGING_KINDS.has(row.kind));
    if (rows.length === 0) return t.historyEmpty;
    const lines = rows.map((row) => {
      const outgoing = row.debitAccountId === member.accountId;
      return t.historyLine({
        delta: `${outgoing ? '−' : '+'}${row.amount}`,
        code: row.code,
        memo: row.memo,
        balanceAfter: outgoing ? row.debitBalanceAfter : row.creditBalanceAfter,
      });
    });
    return [t.historyHeader({ count: rows.length }), ...lines].join('\n');
  }
}
