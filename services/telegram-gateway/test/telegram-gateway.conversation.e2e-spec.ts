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
const ERIN = 1005;
const FRANK = 1006;
const GINA = 1007;
const FRESH_GROUP = -100_999;
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
      'economy',
      'me',
      'history',
      'link',
      'proposals',
      'propose',
      'vote',
      'governance',
      'pool',
      'pledge',
      'mint',
      'burn',
      'fine',
      'reverse',
      'freeze',
      'unfreeze',
      'settings',
      'veto',
      'shop',
      'buy',
      'inventory',
      'artifact',
      'gift',
      'sell',
      'market',
      'unlist',
      'trade',
      'trades',
      'newartifact',
      'restock',
      'apikey',
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

  it('shows /history with the balance after each entry and its id, and /me', async () => {
    expect((await h.say(GROUP, BOB, '/history')).text.split('\n')).toEqual([
      'Your last 3 transfers:',
      expect.stringMatching(new RegExp(`^\\+5 payment "сдача" → 75 · tg-pay:${GROUP}:\\d+$`)),
      expect.stringMatching(new RegExp(`^−30 payment "for the 🍕  pizza" → 70 · tg-pay:${GROUP}:\\d+$`)),
      expect.stringMatching(new RegExp(`^\\+100 mint "welcome" → 100 · tg-mint:${GROUP}:\\d+$`)),
    ]);
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

  it('shows /settings to admins only and sets tax and payment limits (in the ledger) and rewards (in accounts)', async () => {
    expect((await h.say(GROUP, BOB, '/settings')).text).toBe('Only the group admins can do that.');
    expect((await h.say(GROUP, CAROL, '/settings messageReward 100')).text).toBe(
      'Это могут только админы группы.',
    );
    const shown = (await h.say(GROUP, ADMIN, '/settings')).text;
    expect(shown).toMatch(
      /^Settings of this group:\ntax: 0%\npaymentMin: 1\npaymentMax: off\ndailySendMax: off\ndailyReceiveMax: off\nmessageReward: 0\nmessageCooldownMs: 60000\n/,
    );
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
      'That value does not fit streakDaysMax: use at least 1.',
    );
    const settings = await h.client.request(AccountsCommands.settingsGet, { communityId: COMMUNITY });
    expect(settings.rewards).toMatchObject({
      messageReward: 2,
      messageCooldownMs: 0,
      dailyMessageRewardsMax: 5,
    });
  });

  it('keeps the dashboard private until an admin says /settings dashboard on, and closes it again', async () => {
    const visibility = async () =>
      (await h.client.request(AccountsCommands.settingsGet, { communityId: COMMUNITY })).dashboard.public;
    expect(await visibility()).toBe(false);
    expect((await h.say(GROUP, ADMIN, '/settings')).text).toContain('\ndashboard: private\n');
    expect((await h.say(GROUP, BOB, '/settings dashboard on')).text).toBe(
      'Only the group admins can do that.',
    );
    expect(await visibility()).toBe(false);
    expect((await h.say(GROUP, ADMIN, '/settings dashboard on')).text).toMatch(
      /^Done: this group's dashboard is now public: anyone with its link can see/,
    );
    expect(await visibility()).toBe(true);
    expect((await h.say(GROUP, ADMIN, '/settings')).text).toContain(
      '\ndashboard: public (anyone with the link',
    );
    expect((await h.say(GROUP, ADMIN, '/settings dashboard maybe')).text).toBe(
      'Usage: /settings dashboard on (anyone with the link may see the dashboard) or /settings dashboard off (private)',
    );
    expect((await h.say(GROUP, ADMIN, '/settings Dashboard OFF')).text).toMatch(
      /^Done: this group's dashboard is now private/,
    );
    expect(await visibility()).toBe(false);
  });

  it('rewards ordinary messages within the policy: a burst of 100 earns exactly the daily cap', async () => {
    h.emulator.addUser({ id: DAVE, first_name: 'Dave', username: 'dave', language_code: 'en' });
    expect((await h.say(GROUP, DAVE, '/start')).text).toMatch(/^Welcome, Dave!/);
    const sentBefore = h.emulator.sent(GROUP).length;
    for (let i = 0; i < 100; i += 1) h.emulator.sendText(GROUP, DAVE, `dave says message number ${i}`);
    // Updates of a chat are handled in order, so this reply comes after every reward decision; the ledger
    // mints the rewards from accounts' events, so the balance may follow a moment later.
    await h.say(GROUP, DAVE, '/balance');
    await waitFor(async () => (await h.balanceOf(GROUP, DAVE)) === 10, {
      timeoutMs: 10_000,
      description: 'the five rewards minted',
    });
    expect((await h.say(GROUP, DAVE, '/balance')).text).toBe('Dave, your balance is 10 tickets.');
    expect(h.emulator.sent(GROUP).length).toBe(sentBefore + 2);
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
    await waitFor(async () => (await h.balanceOf(GROUP, CAROL)) === carol + 2, {
      timeoutMs: 10_000,
      description: 'the one reward minted',
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
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

  // This system runs no analytics service, so /top and /stats show what the ledger alone can tell, and
  // say so (telegram-gateway.analytics.e2e-spec.ts has the figures from analytics).
  it('shows /top holders by name and /stats from the ledger when analytics is not running', async () => {
    const [bob, carol] = [await h.balanceOf(GROUP, BOB), await h.balanceOf(GROUP, CAROL)];
    expect((await h.say(GROUP, BOB, '/top')).text).toBe(
      [
        'Live rankings are unavailable right now, so this comes straight from the ledger.',
        'Top ticket holders:',
        `1. @carol — ${carol}`,
        `2. @bob — ${bob}`,
        '3. @dave — 10',
      ].join('\n'),
    );
    expect((await h.say(GROUP, BOB, '/top week')).text).toBe(
      'Economy figures are temporarily unavailable. Please try again in a minute.',
    );
    const supply = await h.client.request(LedgerCommands.supplyGet, { communityId: COMMUNITY });
    expect((await h.say(GROUP, BOB, '/stats')).text).toBe(
      [
        'Detailed figures are unavailable right now; the basics from the ledger:',
        `Tickets in existence: ${supply.supply}`,
        `Treasury: ${supply.treasury}`,
        'Members with an account: 4',
        `Transfers so far: ${supply.transfers}`,
      ].join('\n'),
    );
    expect(supply.supply).toBe(bob + carol + 10 + supply.treasury);
  });

  it("shows how the group's money grows and shrinks with /economy, in the member's language", async () => {
    const { taxBps } = await h.client.request(LedgerCommands.policyGet, { communityId: COMMUNITY });
    const tax = `${taxBps / 100}%${taxBps === 0 ? '' : ', to the treasury'}`;
    expect((await h.say(GROUP, BOB, '/economy')).text).toBe(
      [
        'Emission: none (new tickets come only from rewards and admins).',
        'Holding fee: none.',
        `Payment tax: ${tax}.`,
      ].join('\n'),
    );
    // A schedule that starts far ahead: shown, but nothing is minted while the tests after this one run.
    await h.client.request(LedgerCommands.policySet, {
      communityId: COMMUNITY,
      emission: {
        mode: 'fixed',
        amount: 100,
        period: 'day',
        supplyCap: 1_000_000,
        startAt: '2099-01-05T00:00:00Z',
      },
      distribution: [
        { kind: 'treasury', shareBps: 2_000 },
        { kind: 'basicIncome', shareBps: 8_000, activeWindowDays: 7 },
      ],
      demurrage: { thresholdAmount: 1_000, rateBps: 50, destination: 'burn' },
    });
    const status = await h.client.request(LedgerCommands.emissionStatus, { communityId: COMMUNITY });
    expect((await h.say(GROUP, BOB, '/economy')).text).toBe(
      [
        'Emission: 100 tickets every day, until 1000000 tickets exist, shared out as:',
        '• 20% to the treasury',
        '• 80% shared equally by members active in the last 7 days',
        'Holding fee: 0.5% per day of what a balance holds above 1000 tickets, burned.',
        `Payment tax: ${tax}.`,
        `So far: 0 periods, 0 tickets emitted, 0 taken by the holding fee. Next: ${status.nextDueAt}.`,
      ].join('\n'),
    );
    expect((await h.say(GROUP, CAROL, '/economy')).text).toContain(
      'Эмиссия: 100 билетов каждый день, пока их не станет 1000000, распределяется так:',
    );
    await h.client.request(LedgerCommands.policySet, {
      communityId: COMMUNITY,
      emission: { mode: 'none' },
      distribution: [{ kind: 'treasury', shareBps: 10_000 }],
      demurrage: null,
    });
  });

  it("lets admins burn, see any member's /history and /reverse by the id it shows", async () => {
    const bob = await h.balanceOf(GROUP, BOB);
    const carol = await h.balanceOf(GROUP, CAROL);
    expect((await h.say(GROUP, CAROL, '/burn @bob 1')).text).toBe('Это могут только админы группы.');
    expect((await h.say(GROUP, ADMIN, '/burn @bob 5 cleanup')).text).toBe(
      `Burned 5 tickets of @bob. Their balance: ${bob - 5}.`,
    );
    const bobAsks = h.emulator.sendText(GROUP, BOB, '/me');
    await h.emulator.waitForMessage(GROUP, (sent) => sent.reply_to_message_id === bobAsks.message_id);
    const burn = h.emulator.sendText(GROUP, ADMIN, '/burn 2', { replyToMessageId: bobAsks.message_id });
    const burned = await h.emulator.waitForMessage(
      GROUP,
      (sent) => sent.reply_to_message_id === burn.message_id,
    );
    expect(burned.text).toBe(`Burned 2 tickets of @bob. Their balance: ${bob - 7}.`);
    expect((await h.say(GROUP, ADMIN, `/burn @bob ${bob}`)).text).toBe(
      `@bob has only ${bob - 7} tickets: burn that many or fewer.`,
    );

    const pay = h.emulator.sendText(GROUP, BOB, '/pay @carol 4 oops');
    const paid = await h.emulator.waitForMessage(
      GROUP,
      (sent) => sent.reply_to_message_id === pay.message_id,
    );
    expect(paid.text).toBe(`Paid 4 tickets to @carol. Your balance: ${bob - 11}.`);
    expect((await h.say(GROUP, CAROL, '/history @bob')).text).toBe(
      'Чужую историю могут смотреть только админы группы.',
    );
    expect((await h.say(GROUP, CAROL, '/history @carol')).text).toMatch(/^Последние переводы \(\d+\):\n/);
    const lines = (await h.say(GROUP, ADMIN, '/history @bob')).text.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'Last 10 transfers of @bob:',
      `−4 payment "oops" → ${bob - 11} · tg-pay:${GROUP}:${pay.message_id}`,
      `−2 burn → ${bob - 7} · tg-burn:${GROUP}:${burn.message_id}`,
      expect.stringMatching(new RegExp(`^−5 burn "cleanup" → ${bob - 5} · tg-burn:${GROUP}:\\d+$`)),
    ]);

    const paymentId = lines[1]?.split(' · ')[1] ?? '';
    expect((await h.say(GROUP, BOB, `/reverse ${paymentId}`)).text).toBe(
      'Only the group admins can do that.',
    );
    const reverse = h.emulator.sendText(GROUP, ADMIN, `/reverse ${paymentId} sent by mistake`);
    const reversed = await h.emulator.waitForMessage(
      GROUP,
      (sent) => sent.reply_to_message_id === reverse.message_id,
    );
    expect(reversed.text).toBe(`Reversed ${paymentId}: 4 tickets went back.`);
    expect(await balances()).toEqual({ bob: bob - 7, carol });
    const refusals: [string, string][] = [
      [`/reverse ${paymentId}`, `${paymentId} was already reversed.`],
      [
        `/reverse tg-rev:${GROUP}:${reverse.message_id}`,
        `tg-rev:${GROUP}:${reverse.message_id} cannot be reversed: it is a reversal itself or an unsettled hold.`,
      ],
      ['/reverse tg-pay:1:1', 'There is no transfer tg-pay:1:1 in this group. Copy its id from /history.'],
      ['/reverse', 'Usage: /reverse <transfer id> [reason]'],
    ];
    for (const [text, expected] of refusals) {
      expect({ text, reply: (await h.say(GROUP, ADMIN, text)).text }).toEqual({ text, reply: expected });
    }
    expect(await balances()).toEqual({ bob: bob - 7, carol });
  });

  it("refuses payments outside the ledger policy's paymentMin / paymentMax and moves nothing", async () => {
    expect((await h.say(GROUP, ADMIN, '/settings paymentMin 5')).text).toBe('Done: paymentMin is now 5.');
    expect((await h.client.request(LedgerCommands.policyGet, { communityId: COMMUNITY })).transferMin).toBe(
      5,
    );
    const before = await balances();
    expect((await h.say(GROUP, BOB, '/pay @carol 3')).text).toBe(
      'The smallest payment in this group is 5 tickets.',
    );
    expect((await h.say(GROUP, CAROL, '/pay @bob 4 мелочь')).text).toBe(
      'Минимальный перевод в этой группе — 5 билетов.',
    );
    expect(await balances()).toEqual(before);
    expect((await h.say(GROUP, BOB, '/pay @carol 5')).text).toBe(
      `Paid 5 tickets to @carol. Your balance: ${before.bob - 5}.`,
    );
    expect((await h.say(GROUP, ADMIN, '/settings paymentMax 50')).text).toBe('Done: paymentMax is now 50.');
    expect((await h.say(GROUP, BOB, '/pay @carol 51')).text).toBe(
      'The largest payment in this group is 50 tickets.',
    );
    expect((await h.say(GROUP, CAROL, '/pay @bob 60')).text).toBe(
      'Максимальный перевод в этой группе — 50 билетов.',
    );
    expect((await h.say(GROUP, ADMIN, '/settings paymentMin 60')).text).toBe(
      'paymentMin 60 would be above paymentMax 50: raise paymentMax first.',
    );
    expect((await h.say(GROUP, ADMIN, '/settings paymentMax off')).text).toBe('Done: paymentMax is now off.');
    expect((await h.say(GROUP, ADMIN, '/settings paymentMin 1')).text).toBe('Done: paymentMin is now 1.');
    expect(await balances()).toEqual({ bob: before.bob - 5, carol: before.carol + 5 });
  });

  // Needs the ledger's daily caps (policy dailySendMax / dailyReceiveMax, refused as LIMIT_EXCEEDED).
  it('refuses payments past the daily caps of the ledger policy, saying how much is left today', async () => {
    h.emulator.addUser({ id: FRANK, first_name: 'Frank', username: 'frank', language_code: 'en' });
    h.emulator.addUser({ id: GINA, first_name: 'Gina', username: 'gina', language_code: 'en' });
    h.emulator.newChatMembers(GROUP, [FRANK, GINA]);
    expect((await h.say(GROUP, ADMIN, '/mint @frank 100')).text).toBe(
      'Minted 100 tickets for @frank. Their balance: 100.',
    );
    expect((await h.say(GROUP, ADMIN, '/settings dailySendMax 20')).text).toBe(
      'Done: dailySendMax is now 20.',
    );
    expect((await h.client.request(LedgerCommands.policyGet, { communityId: COMMUNITY })).dailySendMax).toBe(
      20,
    );
    expect((await h.say(GROUP, ADMIN, '/settings')).text).toContain('\ndailySendMax: 20\n');
    expect((await h.say(GROUP, ADMIN, '/settings paymentMin 30')).text).toBe(
      'That leaves dailySendMax below the smallest payment (30 tickets), so nobody could pay: raise dailySendMax or lower paymentMin.',
    );
    expect((await h.say(GROUP, ADMIN, '/settings dailyReceiveMax 0')).text).toBe(
      'That value does not fit dailyReceiveMax: use at least 1.',
    );
    expect((await h.say(GROUP, FRANK, '/pay @gina 8')).text).toBe(
      'Paid 8 tickets to @gina. Your balance: 92.',
    );
    expect((await h.say(GROUP, FRANK, '/pay @gina 8')).text).toBe(
      'Paid 8 tickets to @gina. Your balance: 84.',
    );
    expect((await h.say(GROUP, FRANK, '/pay @gina 8')).text).toBe(
      "That is over today's limit of 20 tickets sent (tax included): you can send 4 more today.",
    );
    expect((await h.say(GROUP, FRANK, '/pay @gina 4')).text).toBe(
      'Paid 4 tickets to @gina. Your balance: 80.',
    );
    expect((await h.say(GROUP, FRANK, '/pay @gina 1')).text).toBe(
      "You have reached today's limit of 20 tickets sent (tax included): you can pay again after midnight UTC.",
    );
    expect(await h.balanceOf(GROUP, FRANK)).toBe(80);
    expect(await h.balanceOf(GROUP, GINA)).toBe(20);

    expect((await h.say(GROUP, ADMIN, '/settings dailySendMax off')).text).toBe(
      'Done: dailySendMax is now off.',
    );
    expect((await h.say(GROUP, ADMIN, '/settings dailyReceiveMax 25')).text).toBe(
      'Done: dailyReceiveMax is now 25.',
    );
    expect((await h.say(GROUP, FRANK, '/pay @gina 6')).text).toBe(
      "That is over today's limit of 25 tickets received: @gina can receive 5 more today.",
    );
    expect((await h.say(GROUP, CAROL, '/pay @gina 6')).text).toBe(
      'Это больше дневного лимита получения (25 билетов): сегодня @gina может получить ещё 5.',
    );
    expect((await h.say(GROUP, FRANK, '/pay @gina 5')).text).toBe(
      'Paid 5 tickets to @gina. Your balance: 75.',
    );
    expect((await h.say(GROUP, ADMIN, '/settings dailyReceiveMax off')).text).toBe(
      'Done: dailyReceiveMax is now off.',
    );
    expect(await h.balanceOf(GROUP, GINA)).toBe(25);
  });

  it('tracks members from service messages: a newcomer can be paid at once, pays, is paid, and leaves', async () => {
    h.emulator.addUser({ id: ERIN, first_name: 'Erin', username: 'erin', language_code: 'en' });
    expect((await h.say(GROUP, BOB, '/pay @erin 1')).text).toMatch(/^I don't know @erin in this group yet/);
    const joined = h.emulator.newChatMembers(GROUP, [ERIN]);
    const mint = h.emulator.sendText(GROUP, ADMIN, '/mint @erin 50 welcome');
    const minted = await h.emulator.waitForMessage(
      GROUP,
      (sent) => sent.reply_to_message_id === mint.message_id,
    );
    expect(minted.text).toBe('Minted 50 tickets for @erin. Their balance: 50.');
    expect(h.emulator.sent(GROUP).some((sent) => sent.reply_to_message_id === joined.message_id)).toBe(false);

    const bob = await h.balanceOf(GROUP, BOB);
    expect((await h.say(GROUP, ERIN, '/pay @bob 20 thanks')).text).toBe(
      'Paid 20 tickets to @bob. Your balance: 30.',
    );
    expect((await h.say(GROUP, BOB, '/pay @erin 7 change')).text).toBe(
      `Paid 7 tickets to @erin. Your balance: ${bob + 13}.`,
    );
    expect((await h.say(GROUP, ERIN, '/balance')).text).toBe('Erin, your balance is 37 tickets.');
    expect((await h.say(GROUP, ERIN, '/pay @bob 30')).text).toBe('Paid 30 tickets to @bob. Your balance: 7.');
    const mintId = `tg-mint:${GROUP}:${mint.message_id}`;
    expect((await h.say(GROUP, ADMIN, `/reverse ${mintId}`)).text).toBe(
      `Cannot reverse ${mintId}: whoever received it no longer has enough tickets.`,
    );
    expect(await h.balanceOf(GROUP, ERIN)).toBe(7);
    expect(await h.balanceOf(GROUP, BOB)).toBe(bob + 43);

    h.emulator.leftChatMember(GROUP, ERIN);
    expect((await h.say(GROUP, BOB, '/pay @erin 1')).text).toMatch(/^I don't know @erin in this group yet/);
    const erin = await h.client.request(AccountsCommands.userFind, {
      provider: 'telegram',
      externalId: String(ERIN),
    });
    const membership = await h.client.request(AccountsCommands.membershipGet, {
      communityId: COMMUNITY,
      userId: erin.id,
    });
    expect(membership.status).toBe('left');
    expect(await h.balanceOf(GROUP, ERIN)).toBe(7);
    expect((await h.client.request(LedgerCommands.journalVerify, {})).ok).toBe(true);
  });

  it('introduces itself and registers the community when added to a group', async () => {
    h.emulator.addChat({ id: FRESH_GROUP, type: 'group', title: 'Fresh Club' });
    const added = h.emulator.newChatMembers(FRESH_GROUP, [h.emulator.bot.id]);
    const hello = await h.emulator.waitForMessage(
      FRESH_GROUP,
      (sent) => sent.reply_to_message_id === added.message_id,
    );
    expect(hello.text).toMatch(
      /^Hello, Fresh Club! I run this group's ticket economy[\s\S]*\n\nWhat I can do:\n\/start/,
    );
    const community = await h.client.request(AccountsCommands.communityGet, {
      communityId: `tg${FRESH_GROUP}`,
    });
    expect(community.title).toBe('Fresh Club');
  });

  it('points private chats to the group', async () => {
    h.emulator.addChat({ id: BOB, type: 'private' });
    expect((await h.say(BOB, BOB, '/start')).text).toMatch(/^Hi, Bob! Add me to a group/);
    expect((await h.say(BOB, BOB, '/balance')).text).toBe(
      'This command works in a group chat, where your tickets live.',
    );
  });
});
