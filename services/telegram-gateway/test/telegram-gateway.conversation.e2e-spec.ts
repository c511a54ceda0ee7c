/**
 * A group's economy through the real system: nats-server, the built ledger and accounts services, the
 * gateway, and the Bot API emulator standing in for Telegram. The balances the bot states are checked
 * against the ledger itself.
 */
import { AccountsCommands, LedgerCommands } from '@ticketonomics/contracts';
import { waitFor } from '@ticketonomics/testing';
import type { Message } from 'telegraf/types';
import { startGatewayHarness, type GatewayHarness } from './support/gateway.harness';

const GROUP = -100_777;
const ADMIN = 1001;
const BOB = 1002;
const CAROL = 1003;
const DAVE = 1004;
const SPAM_BOT = 1099;
const COMMUNITY = `tg${GROUP}`;

describe('telegram-gateway: a group conversation', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness();
    h.emulator.addChat({ id: GROUP, type: 'supergroup', title: 'Ticket Club' });
    h.emulator.addUser({ id: ADMIN, first_name: 'Alice', username: 'alice', language_code: 'en' });
    h.emulator.addUser({ id: BOB, first_name: 'Bob', username: 'bob', language_code: 'en-GB' });
    h.emulator.addUser({ id: CAROL, first_name: 'Карина', username: 'carol', language_code: 'ru' });
    h.emulator.setMember(GROUP, ADMIN, 'creator');
    h.emulator.setMember(GROUP, BOB, 'member');
    h.emulator.setMember(GROUP, CAROL, 'member');
    // Message rewards stay off until an admin turns them on with /settings, so the payments below add up.
    await h.client.request(AccountsCommands.communityUpsert, {
      telegramChatId: String(GROUP),
      title: 'Ticket Club',
    });
    await h.client.request(AccountsCommands.settingsSet, {
      communityId: COMMUNITY,
      rewards: { messageReward: 0 },
    });
  });

  afterAll(async () => {
    await h?.close();
  });

  const balances = async () => ({
    bob: await h.balanceOf(GROUP, BOB),
    carol: await h.balanceOf(GROUP, CAROL),
  });

  it('registers the command menu in English and Russian at start', () => {
    const en = h.emulator.registeredCommands().map((command) => command.command);
    expect(en).toEqual([
      'start',
      'help',
      'balance',
      'pay',
      'daily',
      'top',
      'stats',
      'me',
      'history',
      'mint',
      'fine',
      'freeze',
      'unfreeze',
      'settings',
    ]);
    const ru = h.emulator.registeredCommands({ language_code: 'ru' });
    expect(ru.find((command) => command.command === 'balance')?.description).toBe('Ваш баланс');
  });

  it('serves /healthz, /readyz (NATS and the bot) and /metrics on its HTTP port', async () => {
    const base = `http://127.0.0.1:${h.gateway.httpPort}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({
      ready: true,
      checks: { nats: true, telegram: true },
    });
    expect(await (await fetch(`${base}/metrics`)).text()).toContain('telegram_outgoing_queued');
  });

  it('welcomes members on /start in their language and lists the commands on /help', async () => {
    expect((await h.say(GROUP, ADMIN, '/start')).text).toMatch(/^Welcome, Alice!/);
    expect((await h.say(GROUP, BOB, '/start@TicketBot')).text).toMatch(/^Welcome, Bob![\s\S]*\/pay/);
    expect((await h.say(GROUP, CAROL, '/start')).text).toMatch(/^Добро пожаловать, Карина!/);
    expect((await h.say(GROUP, BOB, '/help')).text).toMatch(/^What I can do:\n\/start/);
    expect(await balances()).toEqual({ bob: 0, carol: 0 });
  });

  it('lets the admin mint, and members check balances and pay by @username and by reply', async () => {
    expect((await h.say(GROUP, ADMIN, '/mint @bob 100 welcome')).text).toBe(
      'Minted 100 tickets for @bob. Their balance: 100.',
    );
    expect((await h.say(GROUP, BOB, '/balance')).text).toBe('Bob, your balance is 100 tickets.');
    expect((await h.say(GROUP, BOB, '/pay @Carol 30 for the 🍕  pizza')).text).toBe(
      'Paid 30 tickets to @carol. Your balance: 70.',
    );
    const bobSays: Message.TextMessage = h.emulator.sendText(GROUP, BOB, 'thanks for the pizza run');
    expect((await h.say(GROUP, CAROL, '/pay 5 сдача', { replyToMessageId: bobSays.message_id })).text).toBe(
      'Переведено 5 билетов: @bob. Ваш баланс: 25.',
    );
    expect(await balances()).toEqual({ bob: 75, carol: 25 });
    const payment = await h.client.request(LedgerCommands.transferHistory, {
      communityId: `tg${GROUP}`,
      accountId: await h.accountOf(GROUP, CAROL),
      code: 'payment',
      limit: 1,
    });
    expect(payment.items[0]).toMatchObject({ amount: 5, memo: 'сдача' });
  });

  it('shows /history with the balance after each entry, and /me', async () => {
    expect((await h.say(GROUP, BOB, '/history')).text).toBe(
      [
        'Your last 3 transfers:',
        '+5 payment "сдача" → 75',
        '−30 payment "for the 🍕  pizza" → 70',
        '+100 mint "welcome" → 100',
      ].join('\n'),
    );
    expect((await h.say(GROUP, BOB, '/me')).text).toBe('Bob (@bob)\nBalance: 75 tickets');
  });

  it('refuses admin commands from a member', async () => {
    expect((await h.say(GROUP, CAROL, '/mint @carol 1000')).text).toBe('Это могут только админы группы.');
    expect((await h.say(GROUP, BOB, '/freeze @carol')).text).toBe('Only the group admins can do that.');
    expect(await balances()).toEqual({ bob: 75, carol: 25 });
  });

  it('lets the admin fine, freeze and unfreeze; a frozen member cannot pay but still receives', async () => {
    expect((await h.say(GROUP, ADMIN, '/fine @bob 5 spam')).text).toBe(
      'Fined @bob 5 tickets. Their balance: 70.',
    );
    expect((await h.say(GROUP, ADMIN, '/freeze @carol suspected alt')).text).toMatch(/^@carol is frozen/);
    expect((await h.say(GROUP, CAROL, '/pay @bob 1')).text).toBe(
      'Ваш счёт заморожен: платить сейчас нельзя. Обратитесь к админу.',
    );
    expect((await h.say(GROUP, BOB, '/pay @carol 10')).text).toBe(
      'Paid 10 tickets to @carol. Your balance: 60.',
    );
    expect((await h.say(GROUP, ADMIN, '/unfreeze @carol')).text).toBe('@carol can pay again.');
    expect((await h.say(GROUP, CAROL, '/pay @bob 1')).text).toMatch(/^Переведено 1 /);
    expect(await balances()).toEqual({ bob: 61, carol: 34 });
  });

  it('answers every bad /pay clearly and moves no tickets', async () => {
    const before = await balances();
    const botReply = await h.say(GROUP, BOB, '/balance');
    const cases: [string, RegExp, { replyToMessageId?: number }?][] = [
      ['/pay', /^Usage: \/pay @user 10 \[memo\]$/],
      ['/pay 5', /^Who gets them\?/],
      ['/pay @carol', /^Say how many tickets/],
      ['/pay @carol -5', /^The amount cannot be negative\.$/],
      ['/pay @carol 0', /^The amount must be at least 1\.$/],
      ['/pay @carol 1.5', /^Tickets cannot be split/],
      ['/pay @carol 99999999999999999999', /^That is too many: the most is 1000000000000000\.$/],
      ['/pay @carol ten', /^"ten" is not an amount/],
      ['/pay @nobody 5', /^I don't know @nobody in this group yet/],
      ['/pay @no-body 5', /^"@no-body" is not a Telegram username\.$/],
      ['/pay @bob 5', /^You cannot pay yourself\.$/],
      ['/pay @TicketBot 5', /^Bots cannot hold tickets\.$/],
      ['/pay 5', /^Bots cannot hold tickets\.$/, { replyToMessageId: botReply.messageId }],
      ['/pay@TicketBot @carol 500', /^Not enough tickets: you have 61\.$/],
      [`/pay @carol 5 ${'✨'.repeat(300)}`, /^The memo is too long: at most 256 characters\.$/],
    ];
    for (const [text, expected, options] of cases) {
      const reply = await h.say(GROUP, BOB, text, options);
      expect({ text, reply: reply.text }).toEqual({ text, reply: expect.stringMatching(expected) });
    }
    expect(await balances()).toEqual(before);
    const report = await h.client.request(LedgerCommands.journalVerify, {});
    expect(report.ok).toBe(true);
  });

  it('pays once when Telegram delivers the same update twice', async () => {
    const message = h.emulator.sendText(GROUP, BOB, '/pay @carol 2 once');
    await h.emulator.waitForMessage(GROUP, (sent) => sent.reply_to_message_id === message.message_id);
    const after = h.emulator.sent(GROUP).length;
    h.emulator.injectUpdate({ message } as never);
    const again = await h.emulator.waitForMessage(
      GROUP,
      (sent) => sent.reply_to_message_id === message.message_id,
      {
        after,
      },
    );
    expect(again.text).toBe('Paid 2 tickets to @carol. Your balance: 59.');
    expect(await balances()).toEqual({ bob: 59, carol: 36 });
  });

  it('asks to confirm a large payment with buttons; only the payer confirms, and cancel moves nothing', async () => {
    await h.say(GROUP, ADMIN, '/mint @bob 3000 bonus');
    const prompt = await h.say(GROUP, BOB, '/pay @carol 1500 big one');
    expect(prompt.text).toBe('Pay 1500 tickets to @carol? Please confirm.');
    const buttons = (prompt.reply_markup as any).inline_keyboard.flat();
    expect(buttons.map((button: any) => button.text)).toEqual(['Pay', 'Cancel']);
    const confirm: string = buttons[0].callback_data;
    expect(await balances()).toEqual({ bob: 3059, carol: 36 });

    const carolClick = h.emulator.clickButton(GROUP, CAROL, prompt.messageId, confirm);
    const refused = await waitFor(() =>
      h.emulator.answeredCallbacks().find((answer) => answer.callbackQueryId === carolClick),
    );
    expect(refused).toMatchObject({
      show_alert: true,
      text: 'Подтвердить перевод может только тот, кто его начал.',
    });
    h.emulator.clickButton(GROUP, BOB, prompt.messageId, confirm);
    const paid = await h.emulator.waitForMessage(
      GROUP,
      (sent) => sent.messageId === prompt.messageId && sent.edits.length > 0,
    );
    expect(paid.text).toBe('Paid 1500 tickets to @carol. Your balance: 1559.');
    expect(paid.reply_markup).toBeUndefined();

    const carolSays = h.emulator.sendText(GROUP, CAROL, 'rent is due');
    const cancelled = await h.say(GROUP, BOB, '/pay 1200', { replyToMessageId: carolSays.message_id });
    expect(cancelled.text).toBe('Pay 1200 tickets to @carol? Please confirm.');
    h.emulator.clickButton(GROUP, BOB, cancelled.messageId, 'pay:n');
    await h.emulator.waitForMessage(
      GROUP,
      (sent) =>
        sent.messageId === cancelled.messageId && sent.text === 'Payment cancelled: no tickets moved.',
    );
    const byReply = await h.say(GROUP, BOB, '/pay 1100 rent', { replyToMessageId: carolSays.message_id });
    const confirmByReply = (byReply.reply_markup as any).inline_keyboard[0][0].callback_data;
    h.emulator.clickButton(GROUP, BOB, byReply.messageId, confirmByReply);
    const paidByReply = await h.emulator.waitForMessage(
      GROUP,
      (sent) => sent.messageId === byReply.messageId && sent.edits.length > 0,
    );
    expect(paidByReply.text).toBe('Paid 1100 tickets to @carol. Your balance: 459.');
    expect(await balances()).toEqual({ bob: 459, carol: 2636 });
    await waitFor(() => h.emulator.answeredCallbacks().length === 4);
  });

  it('shows /settings to admins only and sets tax (in the ledger) and rewards (in accounts)', async () => {
    expect((await h.say(GROUP, BOB, '/settings')).text).toBe('Only the group admins can do that.');
    expect((await h.say(GROUP, CAROL, '/settings messageReward 100')).text).toBe(
      'Это могут только админы группы.',
    );
    const shown = (await h.say(GROUP, ADMIN, '/settings')).text;
    expect(shown).toMatch(/^Settings of this group:\ntax: 0%\nmessageReward: 0\nmessageCooldownMs: 60000\n/);
    expect(shown).toContain('\ndailySendMax: off\n');
    expect(shown).toContain('\nbarred from earning: 0\n');
    expect((await h.say(GROUP, ADMIN, '/settings messageReward 2')).text).toBe(
      'Done: messageReward is now 2.',
    );
    expect((await h.say(GROUP, ADMIN, '/settings messagecooldownms 0')).text).toBe(
      'Done: messageCooldownMs is now 0.',
    );
    expect((await h.say(GROUP, ADMIN, '/settings dailyMessageRewardsMax 5')).text).toBe(
      'Done: dailyMessageRewardsMax is now 5.',
    );
    expect((await h.say(GROUP, ADMIN, '/settings tax 2.5%')).text).toBe('Done: tax is now 2.5%.');
    expect((await h.client.request(LedgerCommands.policyGet, { communityId: COMMUNITY })).taxBps).toBe(250);
    expect((await h.say(GROUP, ADMIN, '/settings tax 0')).text).toBe('Done: tax is now 0%.');
    expect((await h.say(GROUP, ADMIN, '/settings colour red')).text).toMatch(
      /^There is no setting "colour"\./,
    );
    expect((await h.say(GROUP, ADMIN, '/settings streakDaysMax 0')).text).toBe(
      'That value does not fit streakDaysMax: must be at least 1.',
    );
    const settings = await h.client.request(AccountsCommands.settingsGet, { communityId: COMMUNITY });
    expect(settings.rewards).toMatchObject({
      messageReward: 2,
      messageCooldownMs: 0,
      dailyMessageRewardsMax: 5,
    });
  });

  it('rewards ordinary messages within the policy: a burst of 100 earns exactly the daily cap', async () => {
    h.emulator.addUser({ id: DAVE, first_name: 'Dave', username: 'dave', language_code: 'en' });
    expect((await h.say(GROUP, DAVE, '/start')).text).toMatch(/^Welcome, Dave!/);
    const sentBefore = h.emulator.sent(GROUP).length;
    for (let i = 0; i < 100; i += 1) h.emulator.sendText(GROUP, DAVE, `dave says message number ${i}`);
    // Updates of a chat are handled in order, so this reply comes after every reward decision.
    expect((await h.say(GROUP, DAVE, '/balance')).text).toBe('Dave, your balance is 10 tickets.');
    expect(h.emulator.sent(GROUP).length).toBe(sentBefore + 1);
    const mints = await h.client.request(LedgerCommands.transferHistory, {
      communityId: COMMUNITY,
      accountId: await h.accountOf(GROUP, DAVE),
      limit: 50,
    });
    expect(mints.items).toHaveLength(5);
    expect(
      mints.items.every((row) => row.memo === 'message reward' && row.id.startsWith(`tg-reward:${GROUP}:`)),
    ).toBe(true);
  });

  it('gives nothing for forwards, bots, short or repeated texts, or barred members; a redelivery earns once', async () => {
    h.emulator.addUser({ id: SPAM_BOT, first_name: 'Spam', username: 'spam_bot', is_bot: true });
    const carol = await h.balanceOf(GROUP, CAROL);
    h.emulator.sendText(GROUP, CAROL, 'a forwarded long message', { forwardFrom: BOB });
    h.emulator.sendText(GROUP, SPAM_BOT, 'buy cheap tickets here now');
    h.emulator.sendText(GROUP, CAROL, 'короче');
    const earning = h.emulator.sendText(GROUP, CAROL, 'Привет всем в этом чате');
    h.emulator.sendText(GROUP, CAROL, '  привет   ВСЕМ в этом чате ');
    await h.say(GROUP, CAROL, '/balance');
    expect(await h.balanceOf(GROUP, CAROL)).toBe(carol + 2);

    h.emulator.injectUpdate({ message: earning } as never);
    await h.say(GROUP, CAROL, '/balance');
    expect(await h.balanceOf(GROUP, CAROL)).toBe(carol + 2);

    expect((await h.say(GROUP, ADMIN, '/settings bar @carol')).text).toBe(
      '@carol no longer earns tickets here.',
    );
    h.emulator.sendText(GROUP, CAROL, 'a brand new message while barred');
    expect((await h.say(GROUP, CAROL, '/daily')).text).toBe(
      'Вам запрещено зарабатывать билеты в этой группе.',
    );
    expect(await h.balanceOf(GROUP, CAROL)).toBe(carol + 2);
    expect((await h.say(GROUP, ADMIN, '/settings unbar @carol')).text).toBe('@carol can earn tickets again.');
    await expect(
      h.client.request(AccountsCommands.userFind, { provider: 'telegram', externalId: String(SPAM_BOT) }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('pays /daily once per UTC day and says when to come back', async () => {
    const bob = await h.balanceOf(GROUP, BOB);
    expect((await h.say(GROUP, BOB, '/daily')).text).toBe(
      `+10 tickets: your daily bonus. Your balance: ${bob + 10}.`,
    );
    expect((await h.say(GROUP, BOB, '/daily@TicketBot')).text).toMatch(
      /^You already claimed today's bonus: come back in \d+h \d+m\.$/,
    );
    const carol = await h.balanceOf(GROUP, CAROL);
    expect((await h.say(GROUP, CAROL, '/daily')).text).toBe(
      `+10 билетов: ежедневный бонус. Ваш баланс: ${carol + 10}.`,
    );
    expect((await h.say(GROUP, CAROL, '/daily')).text).toMatch(
      /^Сегодняшний бонус уже получен: приходите через \d+ ч \d+ мин\.$/,
    );
    expect(await h.balanceOf(GROUP, BOB)).toBe(bob + 10);
    expect(await h.balanceOf(GROUP, CAROL)).toBe(carol + 10);
  });

  it('shows /top holders by name and /stats from the ledger', async () => {
    const [bob, carol] = [await h.balanceOf(GROUP, BOB), await h.balanceOf(GROUP, CAROL)];
    expect((await h.say(GROUP, BOB, '/top')).text).toBe(
      ['Top ticket holders:', `1. @carol — ${carol}`, `2. @bob — ${bob}`, '3. @dave — 10'].join('\n'),
    );
    const supply = await h.client.request(LedgerCommands.supplyGet, { communityId: COMMUNITY });
    expect((await h.say(GROUP, BOB, '/stats')).text).toBe(
      [
        `Tickets in existence: ${supply.supply}`,
        `Treasury: ${supply.treasury}`,
        'Members with an account: 4',
        `Transfers so far: ${supply.transfers}`,
      ].join('\n'),
    );
    expect(supply.supply).toBe(bob + carol + 10 + supply.treasury);
  });

  it('points private chats to the group', async () => {
    h.emulator.addChat({ id: BOB, type: 'private' });
    expect((await h.say(BOB, BOB, '/start')).text).toMatch(/^Hi, Bob! Add me to a group/);
    expect((await h.say(BOB, BOB, '/balance')).text).toBe(
      'This command works in a group chat, where your tickets live.',
    );
  });
});
