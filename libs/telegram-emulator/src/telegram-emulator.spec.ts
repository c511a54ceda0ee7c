import { request } from 'node:http';
import { Markup, Telegraf, Telegram, TelegramError } from 'telegraf';
import type { Update } from 'telegraf/types';
import { startTelegramEmulator, type TelegramEmulator } from './index';

const GROUP = -100_123;
const PRIVATE_ALICE = 42;
const ALICE = 42;
const BOB = 43;

/** Raw HTTP for what telegraf never sends (forms, wrong paths); agent: false leaves no pooled socket behind. */
function rawCall(
  emulator: TelegramEmulator,
  path: string,
  body: string,
  contentType: string,
): Promise<{ status: number; body: any }> {
  return new Promise((resolveCall, reject) => {
    const call = request(
      `${emulator.apiRoot}${path}`,
      { method: 'POST', agent: false, headers: { 'content-type': contentType } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolveCall({
            status: response.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString()),
          }),
        );
      },
    );
    call.on('error', reject);
    call.end(body);
  });
}

describe('Telegram Bot API emulator', () => {
  let emulator: TelegramEmulator;
  let stopBot: (() => Promise<void>) | undefined;

  beforeEach(async () => {
    emulator = await startTelegramEmulator({ botUsername: 'TicketBot' });
    emulator.addUser({ id: ALICE, first_name: 'Alice', username: 'alice' });
    emulator.addUser({ id: BOB, first_name: 'Bob' });
    emulator.addChat({ id: GROUP, type: 'supergroup', title: 'Ticket Club' });
    emulator.addChat({ id: PRIVATE_ALICE, type: 'private' });
  });

  afterEach(async () => {
    await stopBot?.();
    stopBot = undefined;
    await emulator.close();
  });

  function newBot(): Telegraf {
    return new Telegraf(emulator.token, { telegram: { apiRoot: emulator.apiRoot } });
  }

  /**
   * telegraf 4.16's launch() resolves only once the bot stops, so it is not awaited: the bot is live once its
   * first getUpdates arrives. stop() aborts the held poll; launch() then settles after a last offset sync.
   */
  async function launch(bot: Telegraf): Promise<void> {
    const polls = emulator.calls('getUpdates').length;
    const running = bot.launch();
    running.catch(() => undefined);
    stopBot = async () => {
      bot.stop('test over');
      await running;
    };
    await emulator.waitForCall('getUpdates', { after: polls });
  }

  describe('with a launched telegraf bot', () => {
    let seenUpdateIds: number[];
    let bot: Telegraf;

    beforeEach(async () => {
      seenUpdateIds = [];
      bot = newBot();
      bot.use((ctx, next) => {
        seenUpdateIds.push(ctx.update.update_id);
        return next();
      });
      bot.command('balance', (ctx) => ctx.reply(`${ctx.from.first_name} has 5 tickets`));
      bot.command('shop', (ctx) =>
        ctx.reply('Pick an item', Markup.inlineKeyboard([Markup.button.callback('Buy #1', 'buy:1')])),
      );
      bot.action(/^buy:(\d+)$/, async (ctx) => {
        await ctx.answerCbQuery('Bought');
        await ctx.editMessageText(`Bought item ${ctx.match[1]}`);
      });
      bot.on('new_chat_members', (ctx) =>
        ctx.reply(`Welcome ${ctx.message.new_chat_members.map((user) => user.first_name).join(', ')}`),
      );
      bot.on('text', (ctx) =>
        ctx.reply(`echo: ${ctx.message.text}`, { reply_parameters: { message_id: ctx.message.message_id } }),
      );
      await launch(bot);
    });

    it('launches against the emulator: getMe, deleteWebhook, then long polling', () => {
      expect(bot.botInfo?.username).toBe('TicketBot');
      expect(emulator.calls().map((call) => call.method)).toEqual(['getMe', 'deleteWebhook', 'getUpdates']);
      // The first poll is held open: telegraf asks for 50 s.
      expect(emulator.calls('getUpdates')[0]).toMatchObject({ params: { timeout: 50, offset: 0 } });
      expect(emulator.calls('getUpdates')[0]?.httpStatus).toBeUndefined();
    });

    it('routes commands, also in the /cmd@BotName form, and ignores commands for other bots', async () => {
      const plain = emulator.sendText(GROUP, ALICE, '/balance');
      expect(plain.entities).toEqual([{ type: 'bot_command', offset: 0, length: 8 }]);
      await emulator.waitForMessage(GROUP, /^Alice has 5 tickets$/);

      const addressed = emulator.sendText(GROUP, BOB, '/balance@TicketBot now');
      expect(addressed.entities).toEqual([{ type: 'bot_command', offset: 0, length: 18 }]);
      await emulator.waitForMessage(GROUP, /^Bob has 5 tickets$/);

      const mark = emulator.sent(GROUP).length;
      emulator.sendText(GROUP, BOB, '/balance@OtherBot');
      const echo = await emulator.waitForMessage(GROUP, /^echo:/, { after: mark });
      expect(echo.text).toBe('echo: /balance@OtherBot');
    });

    it('confirms updates by offset: a batch is handled once and nothing is delivered twice', async () => {
      const messages = ['one', 'two', 'three'].map((text) => emulator.sendText(GROUP, ALICE, text));
      for (const message of messages) {
        const reply = await emulator.waitForMessage(
          GROUP,
          (sent) => sent.reply_to_message_id === message.message_id,
        );
        expect(reply.text).toBe(`echo: ${message.text}`);
        expect(reply.message.reply_to_message?.message_id).toBe(message.message_id);
      }
      // The three were injected in one tick, so they went out as one batch; the next poll's offset confirms it.
      const polls = emulator.calls('getUpdates');
      await emulator.waitForCall('getUpdates', { after: polls.length });
      expect(emulator.pendingUpdateCount()).toBe(0);
      expect(seenUpdateIds).toEqual([1, 2, 3]);
      expect(emulator.calls('getUpdates').map((call) => call.params.offset)).toEqual([0, 4]);

      emulator.sendText(GROUP, BOB, 'four');
      await emulator.waitForMessage(GROUP, /^echo: four$/);
      expect(seenUpdateIds).toEqual([1, 2, 3, 4]);
    });

    it('runs an inline keyboard round trip: button, callback query, answer, edit', async () => {
      emulator.sendText(GROUP, ALICE, '/shop');
      const offer = await emulator.waitForMessage(GROUP, /^Pick an item$/);
      expect(offer.reply_markup).toEqual({
        inline_keyboard: [[{ text: 'Buy #1', callback_data: 'buy:1', hide: false }]],
      });
      expect(() => emulator.clickButton(GROUP, ALICE, offer.messageId, 'buy:2')).toThrow(/no button/);

      const queryId = emulator.clickButton(GROUP, ALICE, offer.messageId, 'buy:1');
      const edited = await emulator.waitForMessage(
        GROUP,
        (sent) => sent.messageId === offer.messageId && sent.text === 'Bought item 1',
      );
      expect(emulator.answeredCallbacks()).toEqual([
        expect.objectContaining({
          callbackQueryId: queryId,
          text: 'Bought',
          query: expect.objectContaining({ data: 'buy:1' }),
        }),
      ]);
      // Editing the text without reply_markup removes the keyboard, as in Telegram.
      expect(edited.reply_markup).toBeUndefined();
      expect(edited.edits).toEqual([
        expect.objectContaining({ method: 'editMessageText', text: 'Bought item 1' }),
      ]);
      expect(edited.message.edit_date).toEqual(expect.any(Number));
      expect(emulator.sent(GROUP)).toHaveLength(1);
    });

    it('delivers service messages: new members get a welcome', async () => {
      emulator.newChatMembers(GROUP, [BOB]);
      await emulator.waitForMessage(GROUP, /^Welcome Bob$/);
      // chat_member updates are opt-in via allowed_updates, so telegraf's default poll never saw one.
      expect(seenUpdateIds).toHaveLength(1);
    });
  });

  describe('Bot API methods through telegraf.telegram', () => {
    let telegram: Telegram;

    beforeEach(() => {
      telegram = new Telegram(emulator.token, { apiRoot: emulator.apiRoot });
    });

    it('reports chat members with the status a test sets', async () => {
      const carol = 44;
      emulator.addUser({ id: carol, first_name: 'Carol' });
      const statuses = ['creator', 'administrator', 'member', 'left', 'kicked'] as const;
      const users = [ALICE, BOB, carol, 45, 46];
      emulator.addUser({ id: 45, first_name: 'Dan' });
      emulator.addUser({ id: 46, first_name: 'Eve' });
      statuses.forEach((status, index) => emulator.setMember(GROUP, users[index] ?? 0, status));
      for (const [index, status] of statuses.entries()) {
        const member = await telegram.getChatMember(GROUP, users[index] ?? 0);
        expect(member.status).toBe(status);
        expect(member.user.id).toBe(users[index]);
      }
      const admins = await telegram.getChatAdministrators(GROUP);
      expect(admins.map((admin) => [admin.user.id, admin.status])).toEqual([
        [ALICE, 'creator'],
        [BOB, 'administrator'],
      ]);
      await expect(telegram.getChatMember(GROUP, 999)).rejects.toMatchObject({ code: 400 });
      expect(await telegram.getChat(GROUP)).toMatchObject({
        id: GROUP,
        type: 'supergroup',
        title: 'Ticket Club',
      });
    });

    it('surfaces failNext as a 429 TelegramError (telegraf does not retry) and then recovers', async () => {
      emulator.failNext('sendMessage', { count: 1, retryAfterS: 3 });
      const failure = await telegram.sendMessage(GROUP, 'hello').catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(TelegramError);
      expect(failure).toMatchObject({
        code: 429,
        description: 'Too Many Requests: retry after 3',
        parameters: { retry_after: 3 },
      });
      await telegram.sendMessage(GROUP, 'hello');
      expect(emulator.sent(GROUP).map((sent) => sent.text)).toEqual(['hello']);
      expect(emulator.calls('sendMessage').map((call) => call.httpStatus)).toEqual([429, 200]);
    });

    it("enforces Telegram's send limits when set, so a sender that honours retry_after keeps its order", async () => {
      // Telegram's own numbers: 1 message/s per chat, 20/min per group, 30/s overall.
      emulator.setRateLimit({});
      await telegram.sendMessage(PRIVATE_ALICE, 'first');
      await expect(telegram.sendMessage(PRIVATE_ALICE, 'second')).rejects.toMatchObject({
        code: 429,
        parameters: { retry_after: 1 },
      });
      // A minimal pacing sender, the behaviour a real bot needs.
      for (const text of ['second', 'third']) {
        for (;;) {
          try {
            await telegram.sendMessage(PRIVATE_ALICE, text);
            break;
          } catch (error) {
            if (!(error instanceof TelegramError) || error.code !== 429) throw error;
            await new Promise((resolveWait) =>
              setTimeout(resolveWait, (error.parameters?.retry_after ?? 1) * 1_000),
            );
          }
        }
      }
      expect(emulator.sent(PRIVATE_ALICE).map((sent) => sent.text)).toEqual(['first', 'second', 'third']);

      emulator.setRateLimit({ perGroupPerMinute: 2, perChatPerSecond: Infinity });
      await telegram.sendMessage(GROUP, 'a');
      await telegram.sendMessage(GROUP, 'b');
      const limited = await telegram.sendMessage(GROUP, 'c').catch((error: TelegramError) => error);
      expect(limited).toMatchObject({ code: 429 });
      expect((limited as TelegramError).parameters?.retry_after).toBeGreaterThan(50);
      emulator.setRateLimit(null);
      await telegram.sendMessage(GROUP, 'c');
    });

    it('applies parse_mode like Telegram, and rejects malformed markup with 400', async () => {
      const html = await telegram.sendMessage(
        GROUP,
        '<b>Alice</b> &lt;3 <a href="https://t.me">tickets</a>',
        {
          parse_mode: 'HTML',
        },
      );
      expect(html.text).toBe('Alice <3 tickets');
      expect(html.entities).toEqual([
        { type: 'bold', offset: 0, length: 5 },
        { type: 'text_link', offset: 9, length: 7, url: 'https://t.me' },
      ]);
      const markdown = await telegram.sendMessage(GROUP, '*Balance:* 5\\.', { parse_mode: 'MarkdownV2' });
      expect(markdown.text).toBe('Balance: 5.');
      expect(emulator.sent(GROUP)[1]).toMatchObject({
        sourceText: '*Balance:* 5\\.',
        parse_mode: 'MarkdownV2',
      });

      await expect(
        telegram.sendMessage(GROUP, 'Balance: 5.', { parse_mode: 'MarkdownV2' }),
      ).rejects.toMatchObject({
        code: 400,
        description:
          "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'",
      });
      await expect(telegram.sendMessage(GROUP, '<b>open', { parse_mode: 'HTML' })).rejects.toMatchObject({
        code: 400,
        description: expect.stringContaining("can't parse entities"),
      });
    });

    it("answers edits, deletes, replies and commands with Telegram's results and errors", async () => {
      const userMessage = emulator.sendText(GROUP, ALICE, 'hi');
      const sent = await telegram.sendMessage(GROUP, 'Menu', {
        reply_parameters: { message_id: userMessage.message_id },
        reply_markup: { inline_keyboard: [[{ text: 'Go', callback_data: 'go' }]] },
        link_preview_options: { is_disabled: true },
      });
      expect(sent.message_id).toBe(userMessage.message_id + 1);
      await expect(
        telegram.editMessageReplyMarkup(GROUP, sent.message_id, undefined, {
          inline_keyboard: [[{ text: 'Go', callback_data: 'go' }]],
        }),
      ).rejects.toMatchObject({ code: 400, description: expect.stringContaining('message is not modified') });
      await telegram.editMessageReplyMarkup(GROUP, sent.message_id, undefined, undefined);
      expect(emulator.sent(GROUP)[0]).toMatchObject({
        reply_to_message_id: userMessage.message_id,
        reply_markup: undefined,
        link_preview_options: { is_disabled: true },
        edits: [expect.objectContaining({ method: 'editMessageReplyMarkup' })],
      });
      await expect(
        telegram.sendMessage(GROUP, 'x', {
          reply_markup: { inline_keyboard: [[{ text: 'y', callback_data: 'z'.repeat(65) }]] },
        }),
      ).rejects.toMatchObject({ description: 'Bad Request: BUTTON_DATA_INVALID' });
      await expect(
        telegram.sendMessage(GROUP, 'x', { reply_parameters: { message_id: 999 } }),
      ).rejects.toMatchObject({
        description: 'Bad Request: message to be replied not found',
      });

      // Not an admin: the bot may delete its own messages but not a user's in a group.
      await expect(telegram.deleteMessage(GROUP, userMessage.message_id)).rejects.toMatchObject({
        code: 400,
      });
      expect(await telegram.deleteMessage(GROUP, sent.message_id)).toBe(true);
      expect(emulator.sent(GROUP)[0]?.deleted).toBe(true);
      await expect(telegram.answerCbQuery('unknown')).rejects.toMatchObject({ code: 400 });

      await telegram.setMyCommands([{ command: 'balance', description: 'Your tickets' }]);
      expect(emulator.registeredCommands()).toEqual([{ command: 'balance', description: 'Your tickets' }]);
      expect(await telegram.getMyCommands()).toEqual([{ command: 'balance', description: 'Your tickets' }]);
      await expect(telegram.setMyCommands([{ command: 'Balance', description: 'x' }])).rejects.toMatchObject({
        description: 'Bad Request: BOT_COMMAND_INVALID',
      });
      await telegram.deleteMyCommands();
      expect(emulator.registeredCommands()).toEqual([]);

      expect(await telegram.sendChatAction(GROUP, 'typing')).toBe(true);
      expect(await telegram.leaveChat(GROUP)).toBe(true);
      await expect(telegram.sendMessage(GROUP, 'still here?')).rejects.toMatchObject({
        code: 403,
        description: 'Forbidden: bot is not a member of the supergroup chat',
      });
      await expect(telegram.sendMessage(BOB, 'hi Bob')).rejects.toMatchObject({ code: 403 });
      await expect(telegram.sendMessage(-1, 'nobody')).rejects.toMatchObject({
        description: 'Bad Request: chat not found',
      });
    });

    it('keeps menu buttons per private chat and a default one, and Mini App buttons to private chats over https', async () => {
      const wallet = {
        type: 'web_app' as const,
        text: 'Wallet',
        web_app: { url: 'https://tickets.example/app' },
      };
      expect(await telegram.getChatMenuButton()).toEqual({ type: 'commands' });
      await telegram.setChatMenuButton({ menuButton: wallet });
      expect(emulator.menuButton()).toEqual(wallet);
      expect(await telegram.getChatMenuButton({ chatId: PRIVATE_ALICE })).toEqual(wallet);
      await telegram.setChatMenuButton({ chatId: PRIVATE_ALICE, menuButton: { type: 'commands' } });
      expect(emulator.menuButton(PRIVATE_ALICE)).toEqual({ type: 'commands' });
      await expect(telegram.setChatMenuButton({ chatId: GROUP, menuButton: wallet })).rejects.toMatchObject({
        description: 'Bad Request: chat is not a private chat',
      });
      await expect(
        telegram.setChatMenuButton({
          menuButton: { ...wallet, web_app: { url: 'http://tickets.example/app' } },
        }),
      ).rejects.toMatchObject({ description: expect.stringMatching(/Only HTTPS links are allowed$/) });
      await telegram.setChatMenuButton({});
      expect(emulator.menuButton()).toBeUndefined();

      const openWallet = Markup.inlineKeyboard([
        Markup.button.webApp('Open wallet', 'https://tickets.example/app'),
      ]);
      await telegram.sendMessage(PRIVATE_ALICE, 'wallet', openWallet);
      expect(emulator.sent(PRIVATE_ALICE).at(-1)?.reply_markup).toEqual(openWallet.reply_markup);
      await expect(telegram.sendMessage(GROUP, 'wallet', openWallet)).rejects.toMatchObject({
        description: 'Bad Request: BUTTON_TYPE_INVALID',
      });
      const plainHttp = Markup.inlineKeyboard([
        Markup.button.webApp('Open wallet', 'http://tickets.example/app'),
      ]);
      await expect(telegram.sendMessage(PRIVATE_ALICE, 'wallet', plainHttp)).rejects.toMatchObject({
        code: 400,
      });
    });

    it('implements getUpdates: offset confirms, limit, allowed_updates, a held poll, conflicts', async () => {
      const a = emulator.sendText(GROUP, ALICE, 'a');
      emulator.injectUpdate({ edited_message: { ...a, text: 'a, edited', edit_date: a.date + 1 } as any });
      emulator.sendText(GROUP, ALICE, 'b');
      const three = await telegram.getUpdates(0, 100, 0, undefined);
      expect(three.map((update) => update.update_id)).toEqual([1, 2, 3]);
      expect(three[1]).toMatchObject({ edited_message: { text: 'a, edited' } });
      // Without a higher offset nothing is confirmed: the same updates come again.
      expect(await telegram.getUpdates(0, 1, 0, undefined)).toEqual([three[0]]);
      expect(await telegram.getUpdates(0, 100, 4, undefined)).toEqual([]);
      expect(emulator.pendingUpdateCount()).toBe(0);

      emulator.newChatMembers(GROUP, [BOB]);
      const withMembers = await telegram.getUpdates(0, 100, 0, ['message', 'chat_member']);
      expect(withMembers.map((update) => Object.keys(update)[1])).toEqual(['message', 'chat_member']);

      const startedMs = Date.now();
      const held = telegram.getUpdates(5, 100, 6, undefined);
      await emulator.waitForCall('getUpdates', { after: emulator.calls('getUpdates').length });
      setTimeout(() => emulator.sendText(GROUP, BOB, 'wake up'), 100);
      const woken: Update[] = await held;
      expect(woken).toEqual([
        expect.objectContaining({ update_id: 6, message: expect.objectContaining({ text: 'wake up' }) }),
      ]);
      expect(Date.now() - startedMs).toBeLessThan(2_000);

      // A second poller ends the held one with 409, as Telegram does when two bot instances run.
      const older = telegram.getUpdates(5, 100, 7, undefined).catch((error: unknown) => error);
      await emulator.waitForCall('getUpdates', { after: emulator.calls('getUpdates').length });
      await telegram.getUpdates(0, 100, 7, undefined);
      expect(await older).toMatchObject({ code: 409 });
    });

    it('answers a wrong token with 401, an unknown method with 404, and reads form and multipart bodies', async () => {
      const stranger = new Telegram('1:wrong', { apiRoot: emulator.apiRoot });
      await expect(stranger.getMe()).rejects.toMatchObject({ code: 401, description: 'Unauthorized' });
      await expect(telegram.callApi('fooBar' as any, {})).rejects.toMatchObject({
        code: 404,
        description: 'Not Found: method not found',
      });

      const form = new URLSearchParams({
        chat_id: String(GROUP),
        text: 'from a form',
        reply_markup: JSON.stringify({ inline_keyboard: [[{ text: 'Ok', callback_data: 'ok' }]] }),
      });
      const urlencoded = await rawCall(
        emulator,
        `/bot${emulator.token}/SENDMESSAGE`,
        form.toString(),
        'application/x-www-form-urlencoded',
      );
      expect(urlencoded).toMatchObject({ status: 200, body: { ok: true, result: { text: 'from a form' } } });

      const boundary = 'xyz';
      const multipart = [
        `--${boundary}\r\nContent-Disposition: form-data; name="chat_id"\r\n\r\n${GROUP}\r\n`,
        `--${boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\nfrom multipart\r\n`,
        `--${boundary}--\r\n`,
      ].join('');
      const parts = await rawCall(
        emulator,
        `/bot${emulator.token}/sendMessage`,
        multipart,
        `multipart/form-data; boundary=${boundary}`,
      );
      expect(parts).toMatchObject({ status: 200, body: { result: { text: 'from multipart' } } });
      expect(emulator.sent(GROUP)[0]?.reply_markup).toEqual({
        inline_keyboard: [[{ text: 'Ok', callback_data: 'ok' }]],
      });
      expect(emulator.calls('sendMessage')).toHaveLength(2);
    });

    it('shows a privacy-mode bot only commands and replies to it in groups', async () => {
      const privateBot = await startTelegramEmulator({ privacyMode: true });
      try {
        privateBot.addUser({ id: ALICE, first_name: 'Alice' });
        privateBot.addChat({ id: GROUP, type: 'group' });
        privateBot.sendText(GROUP, ALICE, 'just chatting');
        privateBot.sendText(GROUP, ALICE, '/balance@EmulatorBot');
        privateBot.sendText(GROUP, ALICE, '/balance@OtherBot');
        expect(privateBot.pendingUpdateCount()).toBe(1);
        expect(
          (await new Telegram(privateBot.token, { apiRoot: privateBot.apiRoot }).getMe())
            .can_read_all_group_messages,
        ).toBe(false);
      } finally {
        await privateBot.close();
      }
    });

    it("refuses private chats a user never started with Telegram's 403, until they open one", async () => {
      // Bob is known (he is in the group) but never wrote to the bot privately.
      const neverStarted = {
        code: 403,
        description: "Forbidden: bot can't initiate conversation with a user",
      };
      await expect(telegram.sendMessage(BOB, 'your key')).rejects.toMatchObject(neverStarted);
      await expect(telegram.sendChatAction(BOB, 'typing')).rejects.toMatchObject(neverStarted);
      expect(emulator.calls('sendMessage').at(-1)).toMatchObject({ httpStatus: 403 });
      expect(emulator.sent(BOB)).toEqual([]);
      // Nobody Telegram knows: not a 403 but "chat not found".
      await expect(telegram.sendMessage(999_999, 'hello?')).rejects.toMatchObject({
        code: 400,
        description: 'Bad Request: chat not found',
      });

      // Bob opens the private chat (and sends /start): the bot may write to him now.
      emulator.addChat({ id: BOB, type: 'private' });
      emulator.sendText(BOB, BOB, '/start');
      expect(await telegram.sendChatAction(BOB, 'typing')).toBe(true);
      await telegram.sendMessage(BOB, 'your key');
      expect(emulator.sent(BOB).map((sent) => sent.text)).toEqual(['your key']);

      // He blocks the bot: another 403.
      emulator.setMember(BOB, BOB, 'kicked');
      await expect(telegram.sendMessage(BOB, 'still there?')).rejects.toMatchObject({
        code: 403,
        description: 'Forbidden: bot was blocked by the user',
      });
    });

    it('answers failNextWith errors for a method, in one chat or any, then lets calls through', async () => {
      emulator.failNextWith('sendmessage', 403, 'Forbidden: bot was blocked by the user', {
        chatId: PRIVATE_ALICE,
      });
      // Another chat is not affected, and neither is another method into the chat.
      await telegram.sendMessage(GROUP, 'to the group');
      expect(await telegram.sendChatAction(PRIVATE_ALICE, 'typing')).toBe(true);
      const refused = await telegram.sendMessage(PRIVATE_ALICE, 'secret').catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(TelegramError);
      expect(refused).toMatchObject({ code: 403, description: 'Forbidden: bot was blocked by the user' });
      await telegram.sendMessage(PRIVATE_ALICE, 'second try');
      expect(emulator.sent(PRIVATE_ALICE).map((sent) => sent.text)).toEqual(['second try']);

      emulator.failNextWith('sendMessage', 400, 'Bad Request: message is too long', { count: 2 });
      await expect(telegram.sendMessage(GROUP, 'a')).rejects.toMatchObject({ code: 400 });
      await expect(telegram.sendMessage(PRIVATE_ALICE, 'b')).rejects.toMatchObject({ code: 400 });
      await telegram.sendMessage(GROUP, 'c');
      expect(emulator.sent(GROUP).map((sent) => sent.text)).toEqual(['to the group', 'c']);
    });

    it('runs forum topics: messages reply to the topic root, and the bot sends into a topic', async () => {
      const FORUM = -100_321;
      emulator.addChat({ id: FORUM, type: 'supergroup', title: 'Forum', isForum: true });
      const root = emulator.createForumTopic(FORUM, ALICE, 'Orders');
      expect(root).toMatchObject({
        message_thread_id: root.message_id,
        is_topic_message: true,
        forum_topic_created: { name: 'Orders' },
      });
      const inTopic = emulator.sendText(FORUM, BOB, 'hi', { threadId: root.message_id });
      expect(inTopic).toMatchObject({
        message_thread_id: root.message_id,
        is_topic_message: true,
        reply_to_message: { message_id: root.message_id, forum_topic_created: { name: 'Orders' } },
      });
      const reply = emulator.sendText(FORUM, ALICE, 'yes', { replyToMessageId: inTopic.message_id });
      expect(reply).toMatchObject({
        message_thread_id: root.message_id,
        reply_to_message: { message_id: inTopic.message_id },
      });
      const sent = await telegram.sendMessage(FORUM, 'into the topic', {
        message_thread_id: root.message_id,
      });
      expect(sent).toMatchObject({ message_thread_id: root.message_id, is_topic_message: true });
      // A reply lands in the replied message's topic even without message_thread_id.
      await telegram.sendMessage(FORUM, 'reply', { reply_parameters: { message_id: inTopic.message_id } });
      expect(emulator.sent(FORUM).map((message) => message.message_thread_id)).toEqual([
        root.message_id,
        root.message_id,
      ]);
      await expect(telegram.sendMessage(FORUM, 'x', { message_thread_id: 999 })).rejects.toMatchObject({
        response: { error_code: 400, description: 'Bad Request: message thread not found' },
      });
      expect(() => emulator.createForumTopic(GROUP, ALICE, 'no')).toThrow(/not a forum/);
    });

    it('sends as an anonymous admin or a channel with Telegram stand-in senders', () => {
      emulator.setMember(GROUP, ALICE, 'administrator');
      const anonymous = emulator.sendText(GROUP, ALICE, 'rules', { anonymousAdmin: true });
      expect(anonymous.from).toMatchObject({
        id: 1_087_968_824,
        username: 'GroupAnonymousBot',
        is_bot: true,
      });
      expect(anonymous.sender_chat).toMatchObject({ id: GROUP, type: 'supergroup' });
      expect(() => emulator.sendText(GROUP, BOB, 'x', { anonymousAdmin: true })).toThrow(/not an admin/);
      const channel = emulator.sendText(GROUP, BOB, 'news', {
        onBehalfOfChannel: { id: -100_777, title: 'News' },
      });
      expect(channel.from).toMatchObject({ id: 136_817_688, username: 'Channel_Bot', is_bot: true });
      expect(channel.sender_chat).toEqual({ id: -100_777, type: 'channel', title: 'News' });
    });

    it('sends chat_member updates for changeMember, only to a bot that asks for them', async () => {
      emulator.changeMember(GROUP, BOB, 'administrator', ALICE);
      expect(await telegram.getUpdates(0, 100, 0, undefined)).toEqual([]);
      emulator.changeMember(GROUP, BOB, 'member', ALICE);
      const [update] = await telegram.getUpdates(0, 100, 0, ['chat_member']);
      expect(update).toMatchObject({
        chat_member: {
          chat: { id: GROUP },
          from: { id: ALICE },
          old_chat_member: { status: 'administrator', user: { id: BOB } },
          new_chat_member: { status: 'member', user: { id: BOB } },
        },
      });
      expect((await telegram.getChatMember(GROUP, BOB)).status).toBe('member');
    });

    it('close() answers a held long poll with no updates instead of leaving it hanging', async () => {
      const held = telegram.getUpdates(50, 100, 0, undefined);
      await emulator.waitForCall('getUpdates');
      const startedMs = Date.now();
      await emulator.close();
      expect(await held).toEqual([]);
      expect(Date.now() - startedMs).toBeLessThan(2_000);
      await expect(emulator.waitForMessage(GROUP, /never/)).rejects.toThrow(/closed/);
    });
  });
});
