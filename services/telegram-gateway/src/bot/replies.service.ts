import { Inject, Injectable } from '@nestjs/common';
import type { Context } from 'telegraf';
import type { Message } from 'telegraf/types';
import type { ChatKind } from '../outgoing/outgoing.queue';
import { OutgoingQueue } from '../outgoing/outgoing.queue';
import { threadIdOf } from '../members/sender';

/** Sends a reply to the message a context is about, through the rate-limited queue. */
@Injectable()
export class RepliesService {
  constructor(@Inject(OutgoingQueue) private readonly queue: OutgoingQueue) {}

  /**
   * Queues the reply and returns at once: delivery may wait for rate limits, and handlers must not hold
   * the polling loop meanwhile. Order per chat is the queue's job; failures are logged there.
   */
  reply(ctx: Context, text: string, replyMarkup?: unknown): void {
    const chat = ctx.chat;
    if (chat === undefined) return;
    const replyTo = ctx.message?.message_id;
    const threadId = threadIdOf(ctx.message ?? callbackMessageOf(ctx));
    void this.queue
      .enqueue({
        chatId: chat.id,
        chatKind: chat.type as ChatKind,
        text,
        ...(replyTo !== undefined ? { replyToMessageId: replyTo } : {}),
        ...(threadId !== undefined ? { threadId } : {}),
        ...(replyMarkup !== undefined ? { replyMarkup } : {}),
      })
      .catch(() => undefined);
  }

  /** Replaces a message the bot sent (and its keyboard, unless one is given), through the same queue. */
  edit(chat: { id: number; type: string }, messageId: number, text: string, replyMarkup?: unknown): void {
    void this.queue
      .enqueue({
        chatId: chat.id,
        chatKind: chat.type as ChatKind,
        text,
        editMessageId: messageId,
        ...(replyMarkup !== undefined ? { replyMarkup } : {}),
      })
      .catch(() => undefined);
  }
}

/** The bot message whose button was pressed; an inaccessible (old) one carries no topic. */
function callbackMessageOf(ctx: Context): Message | undefined {
  const message = ctx.callbackQuery?.message;
  return message !== undefined && 'text' in message ? (message as Message) : undefined;
}
