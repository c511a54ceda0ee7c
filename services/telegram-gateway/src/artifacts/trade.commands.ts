import { defineCommand, noArgs } from '../bot/command';
import { parseTradeArgs } from './artifact-args.parser';
import { refText } from './artifact-refs';
import { messageRef } from './artifacts.commands';
import { formatTime, tradesText, tradeTerms } from './artifacts.format';
import { tradeKeyboard } from './trade-buttons';
import { editionTitles } from './trades.service';

/** /trade @user give e5 e6 for 30 e7 (or replying to them): the offer, with Accept / Decline buttons. */
export const tradeCommand = defineCommand({
  name: 'trade',
  scope: 'member',
  parse: ({ args, isReply }) => parseTradeArgs(args, isReply),
  run: async (request, { trades, artifactsClient }) => {
    const recipient = await artifactsClient.holder(request.target(request.args.target));
    return trades.offer(request.member, messageRef(request), request.args, recipient);
  },
  render: ({ trade, editions, from, to }, t) => {
    const { give, want } = tradeTerms(trade, editionTitles(editions, t), t);
    return {
      text: t.artTradeOffer({
        to,
        from,
        give,
        want,
        trade: refText('trade', trade.id),
        expires: formatTime(trade.expiresAt),
      }),
      replyMarkup: tradeKeyboard(trade.id, t),
    };
  },
});

/** /trades: the member's open offers, made and received. */
export const tradesCommand = defineCommand({
  name: 'trades',
  scope: 'member',
  parse: noArgs,
  run: ({ member }, { trades }) => trades.list(member),
  render: ({ trades, label }, t) => tradesText(trades, label, t),
});
