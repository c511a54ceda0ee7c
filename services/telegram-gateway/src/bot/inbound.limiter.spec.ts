import type { Context } from 'telegraf';
import type { Update } from 'telegraf/types';
import { InboundLimiter, type LimitedBy } from './inbound.limiter';

function command(chatId: number, userId: number, text = '/balance'): Context {
  const update = {
    update_id: 1,
    message: {
      message_id: 1,
      date: 0,
      chat: { id: chatId, type: 'supergroup', title: 'x' },
      from: { id: userId, is_bot: false, first_name: 'U' },
      text,
      ...(text.startsWith('/') ? { entities: [{ type: 'bot_command', offset: 0, length: 8 }] } : {}),
    },
  } as unknown as Update.MessageUpdate;
  return { update, chat: update.message.chat, from: update.message.from, message: update.message } as never;
}

describe('InboundLimiter', () => {
  it('takes commands up to each limit, tells once per window, and lets ordinary messages through', async () => {
    const limiter = new InboundLimiter({ perChatMax: 3, perUserMax: 2, windowMs: 60_000, keysMax: 100 });
    const notices: LimitedBy[] = [];
    limiter.onLimited((_ctx, limitedBy) => void notices.push(limitedBy));
    const middleware = limiter.middleware();
    const handled: string[] = [];
    const run = (ctx: Context, label: string) => middleware(ctx, async () => void handled.push(label));

    for (let index = 0; index < 4; index += 1) await run(command(1, 10 + index), `chat1-${index}`);
    for (let index = 0; index < 3; index += 1) await run(command(2, 99), `user99-${index}`);
    await run(command(1, 50, 'just talking'), 'text');

    expect(handled).toEqual(['chat1-0', 'chat1-1', 'chat1-2', 'user99-0', 'user99-1', 'text']);
    expect(notices).toEqual(['chat', 'user']);
    expect(limiter.skippedTotal).toBe(2);
    await run(command(1, 60), 'again');
    expect(notices).toEqual(['chat', 'user']);
  });

  it('keeps at most keysMax counters, forgetting the stalest first', async () => {
    const limiter = new InboundLimiter({ perChatMax: 1, perUserMax: 100, windowMs: 60_000, keysMax: 2 });
    const middleware = limiter.middleware();
    let handled = 0;
    const run = (ctx: Context) => middleware(ctx, async () => void (handled += 1));
    await run(command(1, 1));
    // Chat 1's counter is pushed out by chats 2 and 3 (and their users), so chat 1 counts from zero again.
    await run(command(2, 1));
    await run(command(3, 1));
    await run(command(1, 1));
    expect(handled).toBe(4);
  });
});
