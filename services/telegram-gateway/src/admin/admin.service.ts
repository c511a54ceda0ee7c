import { Inject, Injectable } from '@nestjs/common';
import { isDomainError, LedgerCommands, ledgerAccountId, MEMO_LENGTH_MAX } from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import type { Message } from 'telegraf/types';
import { USAGE } from '../bot/bot-commands';
import { availableOf } from '../errors/error-replies';
import { userError } from '../errors/user-facing.error';
import type { Messages } from '../i18n/messages.en';
import type { GroupChat, Member } from '../members/member';
import { TargetResolver } from '../members/target.resolver';
import { commandArgs, parseTarget, parseTargetAmount } from '../parsing/command-args.parser';
import { transferIdOf } from '../payments/payments.service';
import { AdminCheckService } from './admin-check.service';
import { repliedMessageOf } from '../members/sender';

/** Freeze reasons are stored by the ledger up to this length; longer ones are cut, not refused. */
const FREEZE_REASON_LENGTH_MAX = 256;

/** What /reverse accepts as a transfer id: the ids /history shows (the ledger allows up to 140 characters). */
const TRANSFER_ID = /^[A-Za-z0-9_.:/-]{1,140}$/;

/** The economy's regulation by a chat's Telegram admins: mint, burn, fine, reverse, freeze, unfreeze. */
@Injectable()
export class AdminService {
  constructor(
    @Inject(CommandClient) private readonly client: CommandClient,
    @Inject(TargetResolver) private readonly targets: TargetResolver,
    @Inject(AdminCheckService) private readonly admins: AdminCheckService,
  ) {}

  async mint(
    admin: Member,
    chat: GroupChat,
    message: Message.TextMessage,
    bot: string,
    t: Messages,
  ): Promise<string> {
    await this.assertAdmin(chat, admin);
    const args = parseTargetAmount(commandArgs(message.text), isReply(message), USAGE.mint);
    const recipient = await this.targets.resolve(chat, message, args.target, bot);
    const transfer = await this.client.request(LedgerCommands.supplyMint, {
      id: transferIdOf('mint', chat.id, message.message_id),
      accountId: recipient.accountId,
      amount: args.amount,
      memo: args.memo,
    });
    return t.minted({ amount: args.amount, to: recipient.label, balance: transfer.creditBalanceAfter });
  }

  async burn(
    admin: Member,
    chat: GroupChat,
    message: Message.TextMessage,
    bot: string,
    t: Messages,
  ): Promise<string> {
    await this.assertAdmin(chat, admin);
    const args = parseTargetAmount(commandArgs(message.text), isReply(message), USAGE.burn);
    const subject = await this.targets.resolve(chat, message, args.target, bot);
    try {
      const transfer = await this.client.request(LedgerCommands.supplyBurn, {
        id: transferIdOf('burn', chat.id, message.message_id),
        accountId: subject.accountId,
        amount: args.amount,
        memo: args.memo,
      });
      return t.burned({ amount: args.amount, who: subject.label, balance: transfer.debitBalanceAfter });
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

  /**
   * Undoes a posted transfer of this chat's community by its id (as /history shows it). The transfer is
   * read first so an admin of one group cannot reverse another group's transfers.
   */
  async reverse(admin: Member, chat: GroupChat, message: Message.TextMessage, t: Messages): Promise<string> {
    await this.assertAdmin(chat, admin);
    const match = /^(\S+)\s*([\s\S]*)$/.exec(commandArgs(message.text));
    const transferId = match?.[1];
    if (transferId === undefined || !TRANSFER_ID.test(transferId)) {
      throw userError('usage', { usage: USAGE.reverse });
    }
    const memo = (match?.[2] ?? '').trim();
    if (memo.length > MEMO_LENGTH_MAX) throw userError('memoTooLong', { max: MEMO_LENGTH_MAX });
    try {
      const original = await this.client.request(LedgerCommands.transferGet, { transferId });
      if (original.communityId !== admin.communityId) throw userError('reverseNotFound', { id: transferId });
      const reversal = await this.client.request(LedgerCommands.transferReverse, {
        id: transferIdOf('rev', chat.id, message.message_id),
        transferId,
        memo,
      });
      return t.reversed({ id: transferId, amount: reversal.amount });
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

  async fine(
    admin: Member,
    chat: GroupChat,
    message: Message.TextMessage,
    bot: string,
    t: Messages,
  ): Promise<string> {
    await this.assertAdmin(chat, admin);
    const args = parseTargetAmount(commandArgs(message.text), isReply(message), USAGE.fine);
    const subject = await this.targets.resolve(chat, message, args.target, bot);
    const result = await this.client.request(LedgerCommands.transferCreate, {
      id: transferIdOf('fine', chat.id, message.message_id),
      debitAccountId: subject.accountId,
      creditAccountId: ledgerAccountId('treasury', admin.communityId),
      amount: args.amount,
      code: 'fine',
      memo: args.memo,
    });
    return t.fined({ amount: args.amount, who: subject.label, balance: result.transfer.debitBalanceAfter });
  }

  async setFrozen(
    frozen: boolean,
    admin: Member,
    chat: GroupChat,
    message: Message.TextMessage,
    bot: string,
    t: Messages,
  ): Promise<string> {
    await this.assertAdmin(chat, admin);
    const usage = frozen ? USAGE.freeze : USAGE.unfreeze;
    const [target, rest] = parseTarget(commandArgs(message.text), isReply(message), usage);
    const subject = await this.targets.resolve(chat, message, target, bot);
    const command = frozen ? LedgerCommands.accountFreeze : LedgerCommands.accountUnfreeze;
    await this.client.request(command, {
      accountId: subject.accountId,
      reason: rest.trim().slice(0, FREEZE_REASON_LENGTH_MAX),
    });
    return frozen ? t.frozeDone({ who: subject.label }) : t.unfrozeDone({ who: subject.label });
  }

  private async assertAdmin(chat: GroupChat, member: Member): Promise<void> {
    if (!(await this.admins.isAdmin(chat.id, member.telegramUserId))) throw userError('notAdmin');
  }
}

function isReply(message: Message.TextMessage): boolean {
  return repliedMessageOf(message) !== undefined;
}
