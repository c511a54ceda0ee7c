import { Inject, Injectable } from '@nestjs/common';
import { isDomainError, LedgerCommands, ledgerAccountId } from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import { availableOf } from '../errors/error-replies';
import { userError } from '../errors/user-facing.error';
import type { Member } from '../members/member';
import type { Recipient } from '../members/target.resolver';
import { transferIdOf } from '../payments/payments.service';

/** Freeze reasons are stored by the ledger up to this length; longer ones are cut, not refused. */
const FREEZE_REASON_LENGTH_MAX = 256;

/** An admin's change to one member's tickets, named by the chat and message that asked for it. */
export interface SupplyOrder {
  chatId: number;
  messageId: number;
  subject: Recipient;
  amount: number;
  memo: string;
}

/** What a mint, burn or fine did: how much, to whom, and their balance after it. */
export interface SupplyChange {
  amount: number;
  who: string;
  balance: number;
}

/**
 * The economy's regulation by a chat's Telegram admins: mint, burn, fine, reverse, freeze, unfreeze. The
 * commands' scope (`admin`) has checked the admin already.
 */
@Injectable()
export class AdminService {
  constructor(@Inject(CommandClient) private readonly client: CommandClient) {}

  async mint(order: SupplyOrder): Promise<SupplyChange> {
    const { subject, amount } = order;
    const transfer = await this.client.request(LedgerCommands.supplyMint, {
      id: transferIdOf('mint', order.chatId, order.messageId),
      accountId: subject.accountId,
      amount,
      memo: order.memo,
    });
    return { amount, who: subject.label, balance: transfer.creditBalanceAfter };
  }

  async burn(order: SupplyOrder): Promise<SupplyChange> {
    const { subject, amount } = order;
    try {
      const transfer = await this.client.request(LedgerCommands.supplyBurn, {
        id: transferIdOf('burn', order.chatId, order.messageId),
        accountId: subject.accountId,
        amount,
        memo: order.memo,
      });
      return { amount, who: subject.label, balance: transfer.debitBalanceAfter };
    } catch (error) {
      if (isDomainError(error) && error.code === 'INSUFFICIENT_FUNDS') {
        throw userError('burnNotEnough', {
          who: subject.label,
          balance: availableOf(error, subject.accountId),
        });
      }
      throw error;
    }
  }

  async fine(admin: Member, order: SupplyOrder): Promise<SupplyChange> {
    const { subject, amount } = order;
    const result = await this.client.request(LedgerCommands.transferCreate, {
      id: transferIdOf('fine', order.chatId, order.messageId),
      debitAccountId: subject.accountId,
      creditAccountId: ledgerAccountId('treasury', admin.communityId),
      amount,
      code: 'fine',
      memo: order.memo,
    });
    return { amount, who: subject.label, balance: result.transfer.debitBalanceAfter };
  }

  /**
   * Undoes a posted transfer of this chat's community by its id (as /history shows it), answering the
   * amount moved back. The transfer is read first so an admin of one group cannot reverse another group's.
   */
  async reverse(
    admin: Member,
    order: { chatId: number; messageId: number; transferId: string; memo: string },
  ): Promise<number> {
    const { transferId } = order;
    try {
      const original = await this.client.request(LedgerCommands.transferGet, { transferId });
      if (original.communityId !== admin.communityId) throw userError('reverseNotFound', { id: transferId });
      const reversal = await this.client.request(LedgerCommands.transferReverse, {
        id: transferIdOf('rev', order.chatId, order.messageId),
        transferId,
        memo: order.memo,
      });
      return reversal.amount;
    } catch (error) {
      if (!isDomainError(error)) throw error;
      switch (error.code) {
        case 'NOT_FOUND':
          throw userError('reverseNotFound', { id: transferId });
        case 'ALREADY_REVERSED':
          throw userError('reverseAlready', { id: transferId });
        case 'NOT_REVERSIBLE':
          throw userError('reverseNotReversible', { id: transferId });
        case 'INSUFFICIENT_FUNDS':
          throw userError('reverseNotEnough', { id: transferId });
        default:
          throw error;
      }
    }
  }

  async setFrozen(frozen: boolean, subject: Recipient, reason: string): Promise<void> {
    const command = frozen ? LedgerCommands.accountFreeze : LedgerCommands.accountUnfreeze;
    await this.client.request(command, {
      accountId: subject.accountId,
      reason: reason.trim().slice(0, FREEZE_REASON_LENGTH_MAX),
    });
  }
}
