import { Inject, Injectable } from '@nestjs/common';
import { detailsOf, isDomainError, LedgerCommands, type ErrorDetails } from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import { Markup } from 'telegraf';
import type { Message } from 'telegraf/types';
import { USAGE } from '../bot/bot-commands';
import type { CommandReply } from '../bot/command.runner';
import type { GatewayConfig } from '../config/gateway.config';
import { availableOf } from '../errors/error-replies';
import { userError, type UserFacingError } from '../errors/user-facing.error';
import { GATEWAY_CONFIG } from '../gateway.tokens';
import type { Messages } from '../i18n/messages.en';
import type { GroupChat, Member } from '../members/member';
import { TargetResolver } from '../members/target.resolver';
import { commandArgs, parseTargetAmount } from '../parsing/command-args.parser';
import { repliedMessageOf } from '../members/sender';

/**
 * callback_data of the confirmation buttons. The payment itself is the /pay message the prompt replies to;
 * Telegram nests replies one level only, so the recipient of a reply-form /pay rides in the data.
 */
export const PAY_CONFIRM_PREFIX = 'pay:y:';
export const PAY_CANCEL_DATA = 'pay:n';
export const PAY_BUTTON_DATA = /^pay:(y:[0-7][0-9A-HJKMNP-TV-Z]{25}|n)$/;

/**
 * The transfer id of a command message. Telegram redelivers an update the bot did not confirm (a crash, a
 * restart); the same chat and message give the same id, so the ledger answers the first result instead
 * of paying twice. A confirmed payment uses its /pay message too, so a double click pays once.
 */
export function transferIdOf(kind: string, chatId: number, messageId: number): string {
  return `tg-${kind}:${chatId}:${messageId}`;
}

@Injectable()
export class PaymentsService {
  constructor(
    @Inject(CommandClient) private readonly client: CommandClient,
    @Inject(TargetResolver) private readonly targets: TargetResolver,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /**
   * Pays as the /pay message says. Above the confirmation threshold an unconfirmed request only asks,
   * with buttons; the click comes back here with `confirmed` and the same message.
   */
  async pay(
    member: Member,
    chat: GroupChat,
    message: Message.TextMessage,
    botUsername: string,
    t: Messages,
    confirmedRecipientId?: string,
  ): Promise<CommandReply> {
    const confirmed = confirmedRecipientId !== undefined;
    const isReply = confirmed || repliedMessageOf(message) !== undefined;
    const args = parseTargetAmount(commandArgs(message.text), isReply, USAGE.pay);
    const recipient = confirmed
      ? await this.targets.byUserId(member.communityId, confirmedRecipientId)
      : await this.targets.resolve(chat, message, args.target, botUsername);
    if (recipient.userId === member.userId) throw userError('payYourself');
    // The community's payment limits (smallest, largest, daily caps) are the ledger's money policy: the
    // ledger refuses a payment outside them and the refusal is told in the member's words below.
    if (!confirmed && args.amount > this.config.TELEGRAM_PAY_CONFIRM_ABOVE) {
      return {
        text: t.confirmPay({ amount: args.amount, to: recipient.label }),
        replyMarkup: Markup.inlineKeyboard([
          Markup.button.callback(t.confirmButton, `${PAY_CONFIRM_PREFIX}${recipient.userId}`),
          Markup.button.callback(t.cancelButton, PAY_CANCEL_DATA),
        ]).reply_markup,
      };
    }
    try {
      const result = await this.client.request(LedgerCommands.transferCreate, {
        id: transferIdOf('pay', chat.id, message.message_id),
        debitAccountId: member.accountId,
        creditAccountId: recipient.accountId,
        amount: args.amount,
        code: 'payment',
        memo: args.memo,
      });
      const balance = result.tax?.debitBalanceAfter ?? result.transfer.debitBalanceAfter;
      return t.paid({ amount: args.amount, to: recipient.label, balance, tax: result.tax?.amount ?? 0 });
    } catch (error) {
      if (isDomainError(error) && error.code === 'INSUFFICIENT_FUNDS') {
        throw userError('notEnough', { balance: availableOf(error, member.accountId) });
      }
      const limit = detailsOf(error, 'LIMIT_EXCEEDED');
      if (limit !== null) throw limitRefusal(limit, args.amount, recipient.label) ?? error;
      throw error;
    }
  }
}

/**
 * The ledger's LIMIT_EXCEEDED for a member payment, as the member reads it: a daily cap names what is left
 * today, the policy's bounds the smallest or largest payment. Undefined for a limit this does not know.
 */
export function limitRefusal(
  details: ErrorDetails<'LIMIT_EXCEEDED'>,
  amount: number,
  to: string,
): UserFacingError | undefined {
  const { cap, limit, remaining, min, max } = details;
  if (limit !== undefined && remaining !== undefined) {
    if (cap === 'dailySendMax') return userError('payDailySendCap', { limit, remaining });
    if (cap === 'dailyReceiveMax') return userError('payDailyReceiveCap', { to, limit, remaining });
  }
  if (min !== undefined && amount < min) return userError('payBelowMin', { min });
  if (max !== undefined && amount > max) return userError('payAboveMax', { max });
  return undefined;
}
