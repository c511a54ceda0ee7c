import { Inject, Injectable } from '@nestjs/common';
import { detailsOf, isDomainError, LedgerCommands, type ErrorDetails } from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import type { GatewayConfig } from '../config/gateway.config';
import { availableOf } from '../errors/error-replies';
import { userError, type UserFacingError } from '../errors/user-facing.error';
import { GATEWAY_CONFIG } from '../gateway.tokens';
import type { Member } from '../members/member';
import type { Recipient } from '../members/target.resolver';

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

/** A payment as the /pay message (or its confirmation) asks for it. */
export interface PaymentOrder {
  /** Names the transfer (transferIdOf), so a redelivered update or a double click pays once. */
  chatId: number;
  messageId: number;
  recipient: Recipient;
  amount: number;
  memo: string;
  /** The member pressed Confirm under the prompt (or the amount never needed one). */
  confirmed: boolean;
}

export type PaymentOutcome =
  | { kind: 'confirm'; amount: number; recipient: Recipient }
  | { kind: 'paid'; amount: number; to: string; balance: number; tax: number };

@Injectable()
export class PaymentsService {
  constructor(
    @Inject(CommandClient) private readonly client: CommandClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /**
   * Pays as ordered. Above the confirmation threshold an unconfirmed order only asks for a confirmation;
   * the click comes back here `confirmed`, with the same message.
   */
  async pay(payer: Member, order: PaymentOrder): Promise<PaymentOutcome> {
    const { recipient, amount } = order;
    if (recipient.userId === payer.userId) throw userError('payYourself');
    // The community's payment limits (smallest, largest, daily caps) are the ledger's money policy: the
    // ledger refuses a payment outside them and the refusal is told in the member's words below.
    if (!order.confirmed && amount > this.config.TELEGRAM_PAY_CONFIRM_ABOVE) {
      return { kind: 'confirm', amount, recipient };
    }
    try {
      const result = await this.client.request(LedgerCommands.transferCreate, {
        id: transferIdOf('pay', order.chatId, order.messageId),
        debitAccountId: payer.accountId,
        creditAccountId: recipient.accountId,
        amount,
        code: 'payment',
        memo: order.memo,
      });
      const balance = result.tax?.debitBalanceAfter ?? result.transfer.debitBalanceAfter;
      return { kind: 'paid', amount, to: recipient.label, balance, tax: result.tax?.amount ?? 0 };
    } catch (error) {
      if (isDomainError(error) && error.code === 'INSUFFICIENT_FUNDS') {
        throw userError('notEnough', { balance: availableOf(error, payer.accountId) });
      }
      const limit = detailsOf(error, 'LIMIT_EXCEEDED');
      if (limit !== null) throw limitRefusal(limit, amount, recipient.label) ?? error;
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
