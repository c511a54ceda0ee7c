import type { Context, MiddlewareFn } from 'telegraf';

/** A chat's updates in flight: the last one that changes the chat, and each sender's last. */
interface ChatLine {
  barrier: Promise<void>;
  senders: Map<number, Promise<void>>;
}

/**
 * Telegraf handles the updates of one getUpdates batch concurrently, so two commands of one member could
 * finish (and reply) out of order: a /pay and the /balance after it. This middleware keeps Telegram's order
 * where it matters and no more:
 * - a member's texts and button presses in a chat run one after another, in the order delivered; different
 *   members of a chat run in parallel (they were concurrent when sent, and holding a busy group to one
 *   update at a time would hold every member behind the slowest, a new member's first message waiting for
 *   accounts and the ledger);
 * - every other update (members joining or leaving, admin promotions, chat changes, channel posts) changes
 *   what later commands see, so it waits for everything before it in its chat, and everything after it
 *   waits for it: a newcomer announced by Telegram can be paid by the next command.
 */
export class SenderSerializer {
  private readonly chats = new Map<number, ChatLine>();

  middleware(): MiddlewareFn<Context> {
    return (ctx, next) => {
      const chatId = ctx.chat?.id;
      if (chatId === undefined) return next();
      const sender = senderLineOf(ctx);
      return sender === undefined ? this.runBarrier(chatId, next) : this.runAsSender(chatId, sender, next);
    };
  }

  runAsSender(chatId: number, senderId: number, task: () => Promise<void>): Promise<void> {
    const line = this.lineOf(chatId);
    const previous = line.senders.get(senderId);
    const waitFor = previous === undefined ? line.barrier : Promise.all([line.barrier, previous]);
    // Called without arguments: telegraf's next(ctx) would take whatever it is given as the context.
    const result = waitFor.then(() => task());
    const tail = settled(result);
    line.senders.set(senderId, tail);
    void tail.then(() => {
      if (line.senders.get(senderId) === tail) line.senders.delete(senderId);
      this.forgetIfIdle(chatId, line);
    });
    return result;
  }

  runBarrier(chatId: number, task: () => Promise<void>): Promise<void> {
    const line = this.lineOf(chatId);
    const result = Promise.all([line.barrier, ...line.senders.values()]).then(() => task());
    const tail = settled(result);
    // Senders that come later wait for this barrier, which waited for every sender before it.
    line.senders.clear();
    line.barrier = tail;
    void tail.then(() => this.forgetIfIdle(chatId, line));
    return result;
  }

  private lineOf(chatId: number): ChatLine {
    let line = this.chats.get(chatId);
    if (line === undefined) {
      line = { barrier: Promise.resolve(), senders: new Map() };
      this.chats.set(chatId, line);
    }
    return line;
  }

  private forgetIfIdle(chatId: number, line: ChatLine): void {
    if (line.senders.size > 0 || this.chats.get(chatId) !== line) return;
    // Only the barrier may be pending; once it settled, a fresh line is the same as this one.
    void line.barrier.then(() => {
      if (line.senders.size === 0 && this.chats.get(chatId) === line) this.chats.delete(chatId);
    });
  }
}

/** The sender whose own line an update joins: a member's text message or button press; otherwise none. */
function senderLineOf(ctx: Context): number | undefined {
  const from = ctx.from?.id;
  if (from === undefined) return undefined;
  if (ctx.updateType === 'callback_query') return from;
  if (ctx.updateType === 'message' && ctx.message !== undefined && 'text' in ctx.message) return from;
  return undefined;
}

function settled(promise: Promise<unknown>): Promise<void> {
  return promise.then(
    () => undefined,
    () => undefined,
  );
}
