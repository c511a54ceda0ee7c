import type { Context, MiddlewareFn } from 'telegraf';
import type { Update } from 'telegraf/types';

export interface InboundLimits {
  /** Commands and button presses taken from one chat per window; the rest are skipped. */
  perChatMax: number;
  /** Commands and button presses taken from one sender (in any chat) per window. */
  perUserMax: number;
  windowMs: number;
  /** Chats and senders counted at once; the oldest counter goes first, so memory stays flat under any load. */
  keysMax: number;
}

/** Which limit refused an update: the notice differs, as the sender alone cannot fix a busy chat. */
export type LimitedBy = 'chat' | 'user';

/** Told once per counter and window, so a flood gets one notice, not one per skipped command. */
export type LimitNotice = (ctx: Context, limitedBy: LimitedBy, retryAfterS: number) => void;

interface Counter {
  windowStartMs: number;
  count: number;
  noticed: boolean;
}

/**
 * Caps what one chat and one sender may ask of the bot, before anything is queued: every command costs
 * backend requests and a reply, and Telegram lets the bot send only 20 messages a minute into a group, so
 * without a cap one group's flood would hold up every other group's commands. Skipped updates are confirmed
 * to Telegram like handled ones (they are not retried); ordinary messages (rewards) are not counted.
 */
export class InboundLimiter {
  private readonly counters = new Map<string, Counter>();
  private notice: LimitNotice | undefined;
  /** Updates skipped since start, for /metrics. */
  skippedTotal = 0;

  constructor(private readonly limits: InboundLimits) {}

  /** Set once the reply path exists (the middleware is made before the bot and its queue). */
  onLimited(notice: LimitNotice): void {
    this.notice = notice;
  }

  middleware(): MiddlewareFn<Context> {
    return (ctx, next) => {
      if (!isRequest(ctx.update)) return next();
      const chatId = ctx.chat?.id;
      const senderId = ctx.message?.sender_chat?.id ?? ctx.from?.id;
      const nowMs = Date.now();
      // Both counters count every request, so a flood spread over many senders still fills the chat's.
      const chat = chatId === undefined ? undefined : this.count(`c${chatId}`, nowMs);
      const user = senderId === undefined ? undefined : this.count(`u${senderId}`, nowMs);
      const refused = chat !== undefined && chat.count > this.limits.perChatMax ? chat : undefined;
      const refusedUser = user !== undefined && user.count > this.limits.perUserMax ? user : undefined;
      const over = refused ?? refusedUser;
      if (over === undefined) return next();
      this.skippedTotal += 1;
      if (!over.noticed) {
        over.noticed = true;
        const retryAfterS = Math.ceil((over.windowStartMs + this.limits.windowMs - nowMs) / 1_000);
        this.notice?.(ctx, refused !== undefined ? 'chat' : 'user', Math.max(1, retryAfterS));
      }
      return Promise.resolve();
    };
  }

  private count(key: string, nowMs: number): Counter {
    let counter = this.counters.get(key);
    if (counter === undefined || nowMs - counter.windowStartMs >= this.limits.windowMs) {
      // Re-inserted, so the map's first entries are always the stalest: those go when it is full.
      this.counters.delete(key);
      if (this.counters.size >= this.limits.keysMax) {
        const oldest = this.counters.keys().next();
        if (oldest.done !== true) this.counters.delete(oldest.value);
      }
      counter = { windowStartMs: nowMs, count: 0, noticed: false };
      this.counters.set(key, counter);
    }
    counter.count += 1;
    return counter;
  }
}

/** A command (a message that starts with one) or a button press: what makes the bot work and answer. */
function isRequest(update: Update): boolean {
  if ('callback_query' in update) return true;
  if (!('message' in update) || !('text' in update.message)) return false;
  return (
    update.message.entities?.some((entity) => entity.type === 'bot_command' && entity.offset === 0) ?? false
  );
}
