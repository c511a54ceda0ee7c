import { defineCommand, noArgs, withWallet } from '../bot/command';
import { parseTarget } from '../parsing/command-args.parser';
import type { Messages } from '../i18n/messages.en';
import type { History } from './balance.service';

const HISTORY_USAGE = '/history [@user]';

export const balanceCommand = defineCommand({
  name: 'balance',
  scope: 'member',
  parse: noArgs,
  run: async ({ member }, { balance }) => ({
    name: member.displayName,
    balance: await balance.balance(member),
  }),
  render: (result, t, tools) => withWallet(t.balance(result), tools),
});

export const meCommand = defineCommand({
  name: 'me',
  scope: 'member',
  parse: noArgs,
  run: async ({ member }, { balance }) => ({ member, account: await balance.account(member) }),
  render: ({ member, account }, t) =>
    t.me({
      name: member.displayName,
      username: member.username === null ? t.noUsername : `@${member.username}`,
      balance: account.balance,
      frozen: account.frozen,
    }),
});

/** /history: the member's own; /history @user: an admin sees anyone's, a member only their own. */
export const historyCommand = defineCommand({
  name: 'history',
  scope: 'member',
  parse: ({ args }) => (args === '' ? undefined : parseTarget(args, false, HISTORY_USAGE)[0]),
  run: async ({ args, member, chat, target }, { balance }) =>
    balance.history(member, chat, args === undefined ? undefined : await target(args)),
  render: historyText,
});

/** Each line ends with the entry's id, which /reverse takes. */
function historyText({ accountId, who, rows }: History, t: Messages): string {
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
