import { Inject } from '@nestjs/common';
import { Action, Ctx, Update } from 'nestjs-telegraf';
import type { Context } from 'telegraf';
import { CommandRunner, groupChatOf } from '../bot/command.runner';
import { MembersService } from '../members/members.service';
import { TargetResolver } from '../members/target.resolver';
import { commandArgs } from '../parsing/command-args.parser';
import { parsePay, paymentReply } from './pay.command';
import { PAY_BUTTON_DATA, PAY_CONFIRM_PREFIX, PaymentsService } from './payments.service';

/** A confirmation older than this is refused: balances and intentions change. */
const PAY_CONFIRM_TTL_S = 10 * 60;

/**
 * The buttons under a large payment's confirmation prompt. A button press is no command (no text, no
 * reply, an edit of the prompt), so it stays beside the table rather than in it; /pay itself is
 * pay.command.ts.
 */
@Update()
export class PayUpdate {
  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(PaymentsService) private readonly payments: PaymentsService,
    @Inject(MembersService) private readonly members: MembersService,
    @Inject(TargetResolver) private readonly targets: TargetResolver,
  ) {}

  /** The buttons under a large payment's confirmation prompt, which replies to the /pay message. */
  @Action(PAY_BUTTON_DATA)
  async onPayButton(@Ctx() ctx: Context): Promise<void> {
    await this.runner.runButton(ctx, async (t) => {
      const query = ctx.callbackQuery;
      const prompt = query?.message;
      const payMessage =
        prompt !== undefined && 'reply_to_message' in prompt ? prompt.reply_to_message : undefined;
      const chat = groupChatOf(ctx);
      if (chat === undefined || prompt === undefined || payMessage === undefined || !('text' in payMessage)) {
        return { edit: t.promptExpired };
      }
      if (payMessage.from?.id !== ctx.from?.id || ctx.from === undefined) return { alert: t.notYourButton };
      if (Date.now() / 1000 - prompt.date > PAY_CONFIRM_TTL_S) return { edit: t.promptExpired };
      const data = query !== undefined && 'data' in query ? query.data : '';
      if (!data.startsWith(PAY_CONFIRM_PREFIX)) return { edit: t.payCancelled };
      const member = await this.members.ensureMember(chat, ctx.from);
      const args = parsePay(commandArgs(payMessage.text), true);
      const recipientId = data.slice(PAY_CONFIRM_PREFIX.length);
      const recipient = await this.targets.byUserId(member.communityId, recipientId);
      const outcome = await this.payments.pay(member, {
        chatId: chat.id,
        messageId: payMessage.message_id,
        recipient,
        amount: args.amount,
        memo: args.memo,
        confirmed: true,
      });
      const reply = paymentReply(outcome, t);
      return { edit: typeof reply === 'string' ? reply : reply.text };
    });
  }
}
