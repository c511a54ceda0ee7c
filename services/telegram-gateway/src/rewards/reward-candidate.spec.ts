import type { Message } from 'telegraf/types';
import { normalizeText, rewardCandidateOf } from './reward-candidate';

const base = {
  message_id: 7,
  date: 0,
  chat: { id: -100123, type: 'supergroup', title: 'G' },
  from: { id: 1, is_bot: false, first_name: 'A' },
};
const text = (value: string, extra: Record<string, unknown> = {}) =>
  ({ ...base, text: value, ...extra }) as unknown as Message;

describe('reward candidates', () => {
  it('normalizes case and whitespace, so a reworded spacing is the same text', () => {
    expect(normalizeText('  Hello\n\tWORLD  again ')).toBe('hello world again');
    const a = rewardCandidateOf(text('Hello   WORLD'));
    const b = rewardCandidateOf(text(' hello world '));
    expect(a?.textHash).toBe(b?.textHash);
    expect(a).toMatchObject({ messageKey: 'tg:-100123:7', textLength: 11 });
  });

  it('counts characters, not UTF-16 units', () => {
    expect(rewardCandidateOf(text('🎟🎟🎟'))?.textLength).toBe(3);
  });

  it('refuses bots, forwards, messages via bots, channel posts, commands and non-text messages', () => {
    expect(
      rewardCandidateOf(text('a long message', { from: { ...base.from, is_bot: true } })),
    ).toBeUndefined();
    expect(
      rewardCandidateOf(text('a long message', { forward_origin: { type: 'hidden_user' } })),
    ).toBeUndefined();
    expect(rewardCandidateOf(text('a long message', { via_bot: { id: 2 } }))).toBeUndefined();
    expect(rewardCandidateOf(text('a long message', { sender_chat: { id: -1 } }))).toBeUndefined();
    expect(rewardCandidateOf(text('/unknown command here'))).toBeUndefined();
    expect(rewardCandidateOf({ ...base, photo: [] } as unknown as Message)).toBeUndefined();
    expect(rewardCandidateOf(undefined)).toBeUndefined();
  });
});
