import { Inject } from '@nestjs/common';
import { Action, Command, Ctx, Update } from 'nestjs-telegraf';
import type { Context } from 'telegraf';
import type { Message } from 'telegraf/types';
import { CommandRunner, groupChatOf } from '../bot/command.runner';
import { MembersService } from '../members/members.service';
import { PAY_BUTTON_DATA, PAY_CONFIRM_PREFIX, PaymentsService } from './payments.service';

/** A confirmation older than this is refused: balances and intentions change. */
const PAY_CONFIRM_TTL_S = 10 * 60;

@Update()
export class PayUpdate {
  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(PaymentsService) private readonly payments: PaymentsService,
    @Inject(MembersService) private readonly members: MembersService,
  ) {}

  @Command('pay')
  async onPay(@Ctx() ctx: Context): Promise<void> {
    await this.runner.runAsMember(ctx, (member, chat, t) =>
      this.payments.pay(member, chat, ctx.message as Message.TextMessage, ctx.botInfo.username, t),
    );
  }

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
      const recipientId = data.slice(PAY_CONFIRM_PREFIX.length);
      const reply = await this.payments.pay(member, chat, payMessage, ctx.botInfo.username, t, recipientId);
      return { edit: typeof reply === 'string' ? reply : reply.text };
    });
  }
}
