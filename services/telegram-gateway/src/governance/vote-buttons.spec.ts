import { MAX_CALLBACK_DATA_BYTES } from '@ticketonomics/telegram-emulator';
import { en } from '../i18n/messages.en';
import { ru } from '../i18n/messages.ru';
import { parseVoteButton, VOTE_BUTTON_DATA, voteButtonData, voteKeyboard } from './vote-buttons';

describe('proposal vote buttons', () => {
  it('round-trip yes and no within the callback_data limit', () => {
    for (const choice of ['yes', 'no'] as const) {
      const data = voteButtonData(Number.MAX_SAFE_INTEGER, choice);
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(MAX_CALLBACK_DATA_BYTES);
      expect(VOTE_BUTTON_DATA.test(data)).toBe(true);
      expect(parseVoteButton(data)).toEqual({ proposalId: Number.MAX_SAFE_INTEGER, choice });
    }
  });

  it('ignores other data', () => {
    for (const data of [
      'gov:v:1:x',
      'gov:v:0:y',
      'gov:v::y',
      'art:ta:1',
      'gov:v:1:y:2',
      'gov:v:99999999999999999:n',
    ]) {
      expect(parseVoteButton(data)).toBeUndefined();
    }
  });

  it('puts Yes and No side by side, in the member language', () => {
    expect(voteKeyboard(7, en)).toEqual({
      inline_keyboard: [
        [
          { text: 'Yes', callback_data: 'gov:v:7:y' },
          { text: 'No', callback_data: 'gov:v:7:n' },
        ],
      ],
    });
    expect(voteKeyboard(7, ru).inline_keyboard[0]!.map((button) => button.text)).toEqual(['За', 'Против']);
  });
});
