import { Inject, Injectable } from '@nestjs/common';
import { LedgerCommands } from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import type { Message } from 'telegraf/types';
import { USAGE } from '../bot/bot-commands';
import { userError } from '../errors/user-facing.error';
import type { Messages } from '../i18n/messages.en';
import type { GroupChat, Member } from '../members/member';
import { TargetResolver } from '../members/target.resolver';
import { commandArgs, parseTarget, parseTargetAmount } from '../parsing/command-args.parser';
import { transferIdOf } from '../payments/payments.service';
import { AdminCheckService } from './admin-check.service';

/** Freeze reasons are stored by the ledger up to this length; longer ones are cut, not refused. */
const FREEZE_REASON_LENGTH_MAX = 256;

/** The economy's regulation by a chat's Telegram admins: mint, fine, freeze, unfreeze. */
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
      creditAccountId: `treasury:${admin.communityId}`,
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
  return message.reply_to_message !== undefined;
}
