import { Markup } from 'telegraf';
import { defineCommand, type CommandReply } from '../bot/command';
import type { Messages } from '../i18n/messages.en';
import { parseTargetAmount } from '../parsing/command-args.parser';
import { PAY_CANCEL_DATA, PAY_CONFIRM_PREFIX, type PaymentOutcome } from './payments.service';

const PAY_USAGE = '/pay @user 10 [memo]';

/** "/pay @bob 10 for pizza", or replying to bob "/pay 10 for pizza"; a confirmed prompt reads it again. */
export function parsePay(args: string, isReply: boolean) {
  return parseTargetAmount(args, isReply, PAY_USAGE);
}

export const payCommand = defineCommand({
  name: 'pay',
  scope: 'member',
  parse: ({ args, isReply }) => parsePay(args, isReply),
  run: async ({ args, member, chat, messageId, target }, { payments }) =>
    payments.pay(member, {
      chatId: chat.id,
      messageId,
      recipient: await target(args.target),
      amount: args.amount,
      memo: args.memo,
      confirmed: false,
    }),
  render: paymentReply,
});

/** The payment made, or the question with Confirm / Cancel buttons when the amount asks for one. */
export function paymentReply(outcome: PaymentOutcome, t: Messages): CommandReply {
  if (outcome.kind === 'paid') return t.paid(outcome);
  return {
    text: t.confirmPay({ amount: outcome.amount, to: outcome.recipient.label }),
    replyMarkup: Markup.inlineKeyboard([
      Markup.button.callback(t.confirmButton, `${PAY_CONFIRM_PREFIX}${outcome.recipient.userId}`),
      Markup.button.callback(t.cancelButton, PAY_CANCEL_DATA),
    ]).reply_markup,
  };
}
