import type { CommandName, Messages } from '../i18n/messages.en';
import { defineCommand, type MemberRequest } from '../bot/command';
import type { CommandDeps } from '../bot/command.deps';
import { parseTargetAmount, type TargetAmountArgs } from '../parsing/command-args.parser';
import type { SupplyChange, SupplyOrder } from './admin.service';

/**
 * An admin command moving a member's tickets: "/<name> @user 10 [memo]", or replying to them
 * "/<name> 10 [memo]". The three differ only in the ledger call and the reply.
 */
function supplyCommand(
  name: CommandName,
  usage: string,
  change: (
    order: SupplyOrder,
    request: MemberRequest<TargetAmountArgs>,
    deps: CommandDeps,
  ) => Promise<SupplyChange>,
  reply: (change: SupplyChange, t: Messages) => string,
) {
  return defineCommand({
    name,
    scope: 'admin',
    parse: ({ args, isReply }) => parseTargetAmount(args, isReply, usage),
    run: async (request, deps) => {
      const { args, chat, messageId, target } = request;
      const order = { chatId: chat.id, messageId, subject: await target(args.target), ...args };
      return change(order, request, deps);
    },
    render: reply,
  });
}

export const mintCommand = supplyCommand(
  'mint',
  '/mint @user 100 [memo]',
  (order, _request, { admin }) => admin.mint(order),
  ({ amount, who, balance }, t) => t.minted({ amount, to: who, balance }),
);

export const burnCommand = supplyCommand(
  'burn',
  '/burn @user 10 [reason]',
  (order, _request, { admin }) => admin.burn(order),
  (change, t) => t.burned(change),
);

export const fineCommand = supplyCommand(
  'fine',
  '/fine @user 10 [reason]',
  (order, { member }, { admin }) => admin.fine(member, order),
  (change, t) => t.fined(change),
);
