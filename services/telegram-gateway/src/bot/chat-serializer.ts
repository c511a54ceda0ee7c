import type { Context, MiddlewareFn } from 'telegraf';

/**
 * Telegraf handles the updates of one getUpdates batch concurrently, so two commands from one chat could
 * finish (and reply) out of order. This middleware runs the updates of each chat one after another, in
 * the order Telegram delivered them; different chats still run in parallel.
 */
export class ChatSerializer {
  private readonly tails = new Map<number, Promise<void>>();

  middleware(): MiddlewareFn<Context> {
    return (ctx, next) => {
      const chatId = ctx.chat?.id;
      return chatId === undefined ? next() : this.run(chatId, next);
    };
  }

  run(chatId: number, task: () => Promise<void>): Promise<void> {
    const previous = this.tails.get(chatId) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(chatId, tail);
    void tail.then(() => {
      if (this.tails.get(chatId) === tail) this.tails.delete(chatId);
    });
    return result;
  }
}
