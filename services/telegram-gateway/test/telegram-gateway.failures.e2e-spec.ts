/**
 * What members see when things go wrong outside the bot: Telegram rate-limits a burst of replies, the
 * ledger goes away and comes back, the gateway is started without a token.
 */
import { LedgerCommands } from '@ticketonomics/contracts';
import { spawnService, waitFor } from '@ticketonomics/testing';
import { OutgoingQueue } from '../src/outgoing/outgoing.queue';
import { startGatewayHarness, type GatewayHarness } from './support/gateway.harness';

const GROUP = -100_888;
const ADMIN = 2001;
const BOB = 2002;
const DAVE = 2003;
const BURST_MESSAGES = 12;

describe('telegram-gateway: failures', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness();
    h.emulator.addChat({ id: GROUP, type: 'supergroup', title: 'Flaky Club' });
    h.emulator.addUser({ id: ADMIN, first_name: 'Alice', username: 'alice' });
    h.emulator.addUser({ id: BOB, first_name: 'Bob', username: 'bob' });
    h.emulator.addUser({ id: DAVE, first_name: 'Dave', username: 'dave', language_code: 'ru' });
    h.emulator.setMember(GROUP, ADMIN, 'administrator');
    await h.say(GROUP, BOB, '/start');
    await h.say(GROUP, ADMIN, '/mint @bob 50');
  });

  afterAll(async () => {
    await h?.close();
  });

  it('delivers every reply of a burst, in order, through 429s and their retry_after', async () => {
    // Telegram's own per-chat limit, tightened so a short burst crosses it; plus two forced 429s up front.
    h.emulator.setRateLimit({ perChatPerSecond: 4, perGroupPerMinute: Infinity, globalPerSecond: Infinity });
    h.emulator.failNext('sendMessage', { count: 2, retryAfterS: 1 });
    const callsBefore = h.emulator.calls('sendMessage').length;
    const commands = Array.from({ length: BURST_MESSAGES }, (_, index) =>
      h.emulator.sendText(GROUP, BOB, index % 2 === 0 ? '/balance' : `/pay @alice 1 burst ${index}`),
    );
    const last = commands[commands.length - 1];
    await h.emulator.waitForMessage(GROUP, (sent) => sent.reply_to_message_id === last?.message_id, {
      timeoutMs: 20_000,
    });
    h.emulator.setRateLimit(null);

    const commandIds = commands.map((message) => message.message_id);
    const replies = h.emulator
      .sent(GROUP)
      .filter((sent) => commandIds.includes(sent.reply_to_message_id ?? -1));
    expect(replies.map((sent) => sent.reply_to_message_id)).toEqual(commandIds);
    // Each /pay was handled after the /balance before it: the balances count down one by one.
    expect(replies.map((sent) => sent.text)).toEqual(
      commandIds.map((_, index) =>
        index % 2 === 0
          ? `Bob, your balance is ${50 - index / 2} tickets.`
          : `Paid 1 tickets to @alice. Your balance: ${50 - (index + 1) / 2}.`,
      ),
    );
    const refused = h.emulator
      .calls('sendMessage')
      .slice(callsBefore)
      .filter((call) => call.httpStatus === 429);
    expect(refused.length).toBeGreaterThanOrEqual(3);
    expect(h.gateway.app.get(OutgoingQueue).rateLimitedTotal).toBeGreaterThanOrEqual(3);
    expect(await h.balanceOf(GROUP, BOB)).toBe(50 - BURST_MESSAGES / 2);
  });

  it('says "temporarily unavailable" while the ledger is down and recovers when it returns', async () => {
    const balance = await h.balanceOf(GROUP, BOB);
    await h.stopLedger();
    const unavailable = 'The ticket service is temporarily unavailable. Please try again in a minute.';
    expect((await h.say(GROUP, BOB, '/balance')).text).toBe(unavailable);
    expect((await h.say(GROUP, BOB, '/pay @alice 1')).text).toBe(unavailable);
    // Joining needs only accounts: the ledger opens the account from the membership event when it is back.
    expect((await h.say(GROUP, DAVE, '/start')).text).toMatch(/^Добро пожаловать, Dave!/);
    expect((await h.say(GROUP, DAVE, '/balance')).text).toBe(
      'Сервис билетов временно недоступен. Попробуйте через минуту.',
    );

    await h.startLedger();
    expect((await h.say(GROUP, BOB, '/balance')).text).toBe(`Bob, your balance is ${balance} tickets.`);
    expect((await h.say(GROUP, DAVE, '/start')).text).toMatch(/^Добро пожаловать, Dave!/);
    expect((await h.say(GROUP, BOB, '/pay @dave 1')).text).toBe(
      `Paid 1 tickets to @dave. Your balance: ${balance - 1}.`,
    );
  });

  it('pays rewards decided while the ledger was down (even by a gateway started then) once it is back, exactly once', async () => {
    const before = await h.balanceOf(GROUP, DAVE);
    await h.stopLedger();
    // A gateway started while the ledger is away knows nobody yet: members are still served from accounts.
    await h.stopGateway();
    await h.startGateway();
    const message = h.emulator.sendText(GROUP, DAVE, 'a long enough message to earn a reward');
    const messageMintId = `tg-reward:${GROUP}:${message.message_id}`;
    // The bonus is decided by accounts; the bot says it follows, since the ledger cannot show the balance.
    expect((await h.say(GROUP, DAVE, '/daily')).text).toBe(
      '+10 билетов: ежедневный бонус. Они поступят на баланс чуть позже.',
    );
    await waitFor(async () => (await h.rewardsDecided()).some((reward) => reward.mintId === messageMintId), {
      timeoutMs: 10_000,
      description: 'accounts decided the message reward',
    });
    expect((await h.rewardsDecided()).slice(-2).map((reward) => reward.kind)).toEqual(['message', 'daily']);

    // Nothing of the gateway that saw the rewards survives: the ledger mints them from JetStream alone.
    await h.stopGateway();
    await h.startLedger();
    await waitFor(async () => (await h.balanceOf(GROUP, DAVE)) === before + 11, {
      timeoutMs: 30_000,
      description: 'both rewards minted after the ledger returned',
    });
    await h.startGateway();
    expect((await h.say(GROUP, DAVE, '/balance')).text).toBe(`Dave, ваш баланс: ${before + 11} билетов.`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await h.balanceOf(GROUP, DAVE)).toBe(before + 11);
    expect(await h.client.request(LedgerCommands.transferGet, { transferId: messageMintId })).toMatchObject({
      amount: 1,
      memo: 'message reward',
      creditAccountId: await h.accountOf(GROUP, DAVE),
    });
  });

  it('refuses to start without a token, saying where to get one', async () => {
    const gateway = await spawnService({ name: 'telegram-gateway', env: { TELEGRAM_BOT_TOKEN: '' } });
    const exit = await gateway.exited;
    expect(exit.code).toBe(2);
    expect(gateway.logs().join('\n')).toMatch(/TELEGRAM_BOT_TOKEN: .*BotFather/);
  });
});
