import { Inject } from '@nestjs/common';
import { Action, Ctx, Update } from 'nestjs-telegraf';
import type { Context } from 'telegraf';
import { CommandRunner, groupChatOf } from '../bot/command.runner';
import { MembersService } from '../members/members.service';
import { parseTradeButton, TRADE_BUTTON_DATA } from './trade-buttons';
import { TradesService } from './trades.service';

/**
 * The Accept / Decline buttons under an offer (/trade and /trades are trade.commands.ts). A press answers
 * a callback query and edits the offer: no command, so it stays beside the table.
 */
@Update()
export class TradeUpdate {
  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(TradesService) private readonly trades: TradesService,
    @Inject(MembersService) private readonly members: MembersService,
  ) {}

  /** The runner always answers the callback query: a notice, or the offer replaced by its outcome. */
  @Action(TRADE_BUTTON_DATA)
  async onTradeButton(@Ctx() ctx: Context): Promise<void> {
    await this.runner.runButton(ctx, async (t) => {
      const query = ctx.callbackQuery;
      const pressed = parseTradeButton(query !== undefined && 'data' in query ? query.data : '');
      const chat = groupChatOf(ctx);
      if (pressed === undefined || chat === undefined || ctx.from === undefined) {
        return { alert: t.artTradeNotYours };
      }
      const presser = await this.members.ensureMember(chat, ctx.from);
      return this.trades.press(presser, chat, pressed.action, pressed.tradeId, t);
    });
  }
}
