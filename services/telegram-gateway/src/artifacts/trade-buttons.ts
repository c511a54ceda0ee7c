import type { Messages } from '../i18n/messages.en';

/**
 * callback_data of a trade offer's buttons: `art:ta:<trade>` accepts, `art:td:<trade>` declines. Who
 * may press is decided when pressed (the offer's recipient accepts; the recipient declines or its author
 * withdraws), from the trade itself, so the data carries nothing else and fits Telegram's 64 bytes.
 */
export const TRADE_BUTTON_DATA = /^art:t([ad]):(\d{1,16})$/;

export type TradeButtonAction = 'accept' | 'decline';

export function tradeButtonData(action: TradeButtonAction, tradeId: number): string {
  return `art:t${action === 'accept' ? 'a' : 'd'}:${tradeId}`;
}

export function parseTradeButton(data: string): { action: TradeButtonAction; tradeId: number } | undefined {
  const match = TRADE_BUTTON_DATA.exec(data);
  if (match === null) return undefined;
  const tradeId = Number(match[2]);
  if (!Number.isSafeInteger(tradeId) || tradeId < 1) return undefined;
  return { action: match[1] === 'a' ? 'accept' : 'decline', tradeId };
}

/** The inline keyboard under an offer (Bot API InlineKeyboardMarkup). */
export function tradeKeyboard(
  tradeId: number,
  t: Messages,
): { inline_keyboard: { text: string; callback_data: string }[][] } {
  return {
    inline_keyboard: [
      [
        { text: t.artAcceptButton, callback_data: tradeButtonData('accept', tradeId) },
        { text: t.artDeclineButton, callback_data: tradeButtonData('decline', tradeId) },
      ],
    ],
  };
}
