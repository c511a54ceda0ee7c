import { MEMO_LENGTH_MAX } from '@ticketonomics/contracts';
import { defineCommand } from '../bot/command';
import { userError } from '../errors/user-facing.error';
import { parseTarget } from '../parsing/command-args.parser';

const REVERSE_USAGE = '/reverse <transfer id> [reason]';
/** What /reverse accepts as a transfer id: the ids /history shows (the ledger allows up to 140 characters). */
const TRANSFER_ID = /^[A-Za-z0-9_.:/-]{1,140}$/;

/** /reverse <transfer id> [reason]: undoes a posted transfer of this chat's community. */
export const reverseCommand = defineCommand({
  name: 'reverse',
  scope: 'admin',
  parse: ({ args }) => {
    const match = /^(\S+)\s*([\s\S]*)$/.exec(args);
    const transferId = match?.[1];
    if (transferId === undefined || !TRANSFER_ID.test(transferId)) {
      throw userError('usage', { usage: REVERSE_USAGE });
    }
    const memo = (match?.[2] ?? '').trim();
    if (memo.length > MEMO_LENGTH_MAX) throw userError('memoTooLong', { max: MEMO_LENGTH_MAX });
    return { transferId, memo };
  },
  run: async ({ args, member, chat, messageId }, { admin }) => ({
    id: args.transferId,
    amount: await admin.reverse(member, { chatId: chat.id, messageId, ...args }),
  }),
  render: (reversed, t) => t.reversed(reversed),
});

/** /freeze @user [reason] and /unfreeze @user: whether a member may pay. */
function accountFreezeCommand(frozen: boolean) {
  const usage = frozen ? '/freeze @user [reason]' : '/unfreeze @user';
  return defineCommand({
    name: frozen ? 'freeze' : 'unfreeze',
    scope: 'admin',
    parse: ({ args, isReply }) => parseTarget(args, isReply, usage),
    run: async ({ args: [target, reason], target: resolve }, { admin }) => {
      const subject = await resolve(target);
      await admin.setFrozen(frozen, subject, reason);
      return subject.label;
    },
    render: (who, t) => (frozen ? t.frozeDone({ who }) : t.unfrozeDone({ who })),
  });
}

export const freezeCommand = accountFreezeCommand(true);
export const unfreezeCommand = accountFreezeCommand(false);
