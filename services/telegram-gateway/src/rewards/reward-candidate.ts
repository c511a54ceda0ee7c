import { createHash } from 'node:crypto';
import type { Message } from 'telegraf/types';

/** What the accounts service needs to judge a message: never the text itself, only its digest and length. */
export interface RewardCandidate {
  messageKey: string;
  textHash: string;
  textLength: number;
}

/** Lower case, one space between words, no space at the ends: "Hello   WORLD " and "hello world" are one text. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLocaleLowerCase('en-US').replace(/\s+/gu, ' ').trim();
}

/**
 * Whether a group message may earn at all, before any counter is consulted: an ordinary text written by
 * a person. Bots, messages sent via a bot, forwards and commands never earn. The rest (length, repeats,
 * cooldown, cap, barred) is decided by the accounts service, which keeps the counters.
 */
export function rewardCandidateOf(message: Message | undefined): RewardCandidate | undefined {
  if (message === undefined || !('text' in message)) return undefined;
  if (message.from === undefined || message.from.is_bot) return undefined;
  if ('forward_origin' in message && message.forward_origin !== undefined) return undefined;
  if ('via_bot' in message && message.via_bot !== undefined) return undefined;
  if (message.sender_chat !== undefined) return undefined;
  const isCommand = message.entities?.some((entity) => entity.type === 'bot_command' && entity.offset === 0);
  if (isCommand === true || message.text.startsWith('/')) return undefined;
  const text = normalizeText(message.text);
  return {
    messageKey: `tg:${message.chat.id}:${message.message_id}`,
    textHash: createHash('sha256').update(text, 'utf8').digest('hex'),
    textLength: [...text].length,
  };
}
