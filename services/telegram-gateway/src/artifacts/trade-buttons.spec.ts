import { MAX_CALLBACK_DATA_BYTES } from '@ticketonomics/telegram-emulator';
import { en } from '../i18n/messages.en';
import { parseTradeButton, TRADE_BUTTON_DATA, tradeButtonData, tradeKeyboard } from './trade-buttons';

describe('trade offer buttons', () => {
  it('round-trips accept and decline within the callback_data limit', () => {
    for (const action of ['accept', 'decline'] as const) {
      const data = tradeButtonData(action, Number.MAX_SAFE_INTEGER);
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(MAX_CALLBACK_DATA_BYTES);
      expect(TRADE_BUTTON_DATA.test(data)).toBe(true);
      expect(parseTradeButton(data)).toEqual({ action, tradeId: Number.MAX_SAFE_INTEGER });
    }
  });

  it('ignores other data', () => {
    for (const data of [
      'art:tx:1',
      'art:ta:0',
      'art:ta:',
      'pay:n',
      'art:ta:1:2',
      'art:ta:99999999999999999',
    ]) {
      expect(parseTradeButton(data)).toBeUndefined();
    }
  });

  it('puts Accept and Decline side by side', () => {
    expect(tradeKeyboard(7, en)).toEqual({
      inline_keyboard: [
        [
          { text: 'Accept', callback_data: 'art:ta:7' },
          { text: 'Decline', callback_data: 'art:td:7' },
        ],
      ],
    });
  });
});
