import type { Message } from 'telegraf/types';

/** Telegram's stand-in author of an anonymous admin's messages (sender_chat is the group itself). */
export const GROUP_ANONYMOUS_BOT_ID = 1_087_968_824;
/** Telegram's stand-in author of messages posted on behalf of a channel (sender_chat is the channel). */
export const CHANNEL_BOT_ID = 136_817_688;

/**
 * Who really wrote a message. An anonymous admin and a channel share one stand-in `from` across every group,
 * so treating it as a member would pool the tickets and admin rights of whoever hides behind it.
 */
export type SenderKind = 'member' | 'anonymousAdmin' | 'channel';

export function senderKindOf(message: Message | undefined): SenderKind {
  if (message === undefined) return 'member';
  const senderChat = message.sender_chat;
  if (senderChat !== undefined) return senderChat.id === message.chat.id ? 'anonymousAdmin' : 'channel';
  if (message.from?.id === GROUP_ANONYMOUS_BOT_ID) return 'anonymousAdmin';
  if (message.from?.id === CHANNEL_BOT_ID) return 'channel';
  return 'member';
}

/**
 * The message a command really replies to. In a forum topic Telegram sets reply_to_message to the topic's
 * root (its forum_topic_created message) on every message that replies to no one, so that one is no reply.
 */
export function repliedMessageOf(message: Message): Message | undefined {
  const replied = 'reply_to_message' in message ? message.reply_to_message : undefined;
  if (replied === undefined) return undefined;
  if ('forum_topic_created' in replied) return undefined;
  if (message.is_topic_message === true && replied.message_id === message.message_thread_id) return undefined;
  return replied;
}

/** The forum topic a message was written in, for replies to go to the same one; undefined outside topics. */
export function threadIdOf(message: Message | undefined): number | undefined {
  return message?.is_topic_message === true ? message.message_thread_id : undefined;
}
