import type { VoteChoice } from '@ticketonomics/contracts';
import type { Messages } from '../i18n/messages.en';

/**
 * callback_data of a proposal's buttons: `gov:v:<proposal>:y` votes yes, `...:n` no. Who may vote is
 * governance's to decide when pressed (the voters fixed when the proposal opened), so the data carries
 * nothing else and fits Telegram's 64 bytes.
 */
export const VOTE_BUTTON_DATA = /^gov:v:(\d{1,16}):([yn])$/;

export function voteButtonData(proposalId: number, choice: VoteChoice): string {
  return `gov:v:${proposalId}:${choice === 'yes' ? 'y' : 'n'}`;
}

export function parseVoteButton(data: string): { proposalId: number; choice: VoteChoice } | undefined {
  const match = VOTE_BUTTON_DATA.exec(data);
  if (match === null) return undefined;
  const proposalId = Number(match[1]);
  if (!Number.isSafeInteger(proposalId) || proposalId < 1) return undefined;
  return { proposalId, choice: match[2] === 'y' ? 'yes' : 'no' };
}

/** The Yes / No keyboard under a proposal that is voting (Bot API InlineKeyboardMarkup). */
export function voteKeyboard(
  proposalId: number,
  t: Messages,
): { inline_keyboard: { text: string; callback_data: string }[][] } {
  return {
    inline_keyboard: [
      [
        { text: t.govYesButton, callback_data: voteButtonData(proposalId, 'yes') },
        { text: t.govNoButton, callback_data: voteButtonData(proposalId, 'no') },
      ],
    ],
  };
}
