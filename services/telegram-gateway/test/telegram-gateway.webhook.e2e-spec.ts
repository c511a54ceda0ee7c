/**
 * The gateway in webhook mode: the Bot API emulator POSTs every update to the gateway's webhook server, as
 * Telegram does, instead of the gateway polling. The rest is the real system (nats-server, ledger, accounts).
 */
import { freePort, spawnService, waitFor } from '@ticketonomics/testing';
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { startGatewayHarness, type GatewayHarness } from './support/gateway.harness';

const GROUP = -100_555;
const ALICE = 3001;
const BOB = 3002;
const CAROL = 3003;
const SECRET = 'hook-secret_e2e';
const WEBHOOK_PATH = '/telegram/webhook';
/** Payments above this ask for a button press, so a callback query goes through the webhook too. */
const PAY_CONFIRM_ABOVE = 50;

/** A raw POST (agent: false, so no pooled socket holds the gateway's server open); rejects when refused. */
function post(
  url: string,
  body: string,
  headers: Record<string, string> = {},
  method = 'POST',
): Promise<number> {
  return new Promise((resolvePost, rejectPost) => {
    const call = request(
      url,
      { method, agent: false, headers: { 'content-type': 'application/json', ...headers } },
      (response) => {
        response.resume();
        response.on('end', () => resolvePost(response.statusCode ?? 0));
      },
    );
    call.on('error', rejectPost);
    call.end(body);
  });
}

/** An update as Telegram would send it, for posting by hand. */
function commandUpdate(updateId: number, messageId: number, fromId: number, text: string): string {
  const command = /^\/\w+/.exec(text)?.[0] ?? '';
  return JSON.stringify({
    update_id: updateId,
    message: {
      message_id: messageId,
      date: Math.floor(Date.now() / 1_000),
      chat: { id: GROUP, type: 'supergroup', title: 'Hook Club' },
      from: { id: fromId, is_bot: false, first_name: fromId === ALICE ? 'Alice' : 'Bob' },
      text,
      entities: [{ type: 'bot_command', offset: 0, length: command.length }],
    },
  });
}

describe('telegram-gateway: webhook mode', () => {
  let h: GatewayHarness;
  let webhookUrl: string;

  beforeAll(async () => {
    const webhookPort = await freePort();
    webhookUrl = `http://127.0.0.1:${webhookPort}${WEBHOOK_PATH}`;
    h = await startGatewayHarness({
      env: {
        TELEGRAM_WEBHOOK_URL: webhookUrl,
        TELEGRAM_WEBHOOK_PORT: String(webhookPort),
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        TELEGRAM_PAY_CONFIRM_ABOVE: String(PAY_CONFIRM_ABOVE),
      },
      // Tries enough (about 8 s) for an update to outlast a gateway restart.
      emulator: { webhook: { attemptsMax: 30, retryDelayMs: 100, retryDelayMaxMs: 300 } },
    });
    h.emulator.addChat({ id: GROUP, type: 'supergroup', title: 'Hook Club' });
    h.emulator.addUser({ id: ALICE, first_name: 'Alice', username: 'alice' });
    h.emulator.addUser({ id: BOB, first_name: 'Bob', username: 'bob' });
    h.emulator.addUser({ id: CAROL, first_name: 'Carol', username: 'carol' });
    h.emulator.setMember(GROUP, ALICE, 'creator');
    h.emulator.setMember(GROUP, BOB, 'member');
    h.emulator.setMember(GROUP, CAROL, 'member');
  });

  afterAll(async () => {
    await h?.close();
  });

  it('registers its webhook with the secret and the update types it needs at start, and never polls', async () => {
    expect(h.emulator.calls('setWebhook')).toEqual([
      expect.objectContaining({
        params: {
          url: webhookUrl,
          secret_token: SECRET,
          allowed_updates: ['message', 'callback_query', 'my_chat_member', 'chat_member'],
        },
        httpStatus: 200,
      }),
    ]);
    expect(h.emulator.webhookRegistration()).toEqual({
      url: webhookUrl,
      secretToken: SECRET,
      maxConnections: 40,
    });
    expect(h.emulator.calls('getUpdates')).toEqual([]);
    expect(h.emulator.calls('deleteWebhook')).toEqual([]);
    expect(await (await fetch(`http://127.0.0.1:${h.gateway.httpPort}/readyz`)).json()).toEqual({
      ready: true,
      checks: { nats: true, telegram: true },
    });
  });

  it('gets /start, /balance, /pay and a button press through the webhook and replies', async () => {
    expect((await h.say(GROUP, ALICE, '/start')).text).toMatch(/^Welcome, Alice!/);
    expect((await h.say(GROUP, BOB, '/start')).text).toMatch(/^Welcome, Bob!/);
    expect((await h.say(GROUP, CAROL, '/start')).text).toMatch(/^Welcome, Carol!/);
    expect((await h.say(GROUP, ALICE, '/mint @bob 100')).text).toBe(
      'Minted 100 tickets for @bob. Their balance: 100.',
    );
    expect((await h.say(GROUP, BOB, '/balance')).text).toBe('Bob, your balance is 100 tickets.');
    expect((await h.say(GROUP, BOB, '/pay @carol 30 lunch')).text).toBe(
      'Paid 30 tickets to @carol. Your balance: 70.',
    );

    const prompt = await h.say(GROUP, BOB, '/pay @carol 60');
    expect(prompt.text).toBe('Pay 60 tickets to @carol? Please confirm.');
    const confirm: string = (prompt.reply_markup as any).inline_keyboard[0][0].callback_data;
    const click = h.emulator.clickButton(GROUP, BOB, prompt.messageId, confirm);
    const paid = await h.emulator.waitForMessage(
      GROUP,
      (sent) => sent.messageId === prompt.messageId && sent.edits.length > 0,
    );
    expect(paid.text).toBe('Paid 60 tickets to @carol. Your balance: 10.');
    // Answered by a real call, not inside the webhook's answer (which Telegram would run unseen).
    expect(h.emulator.answeredCallbacks().map((answer) => answer.callbackQueryId)).toEqual([click]);
    expect(await h.balanceOf(GROUP, BOB)).toBe(10);
    expect(await h.balanceOf(GROUP, CAROL)).toBe(90);

    // A delivery is recorded once the gateway's 200 is in, which may come after the reply it caused.
    await waitFor(() => h.emulator.pendingUpdateCount() === 0, { description: 'every update delivered' });
    const deliveries = h.emulator.webhookDeliveries();
    expect(deliveries).toHaveLength(8);
    expect(
      deliveries.every(
        (delivery) => delivery.delivered && delivery.attempt === 1 && delivery.secretTokenSent,
      ),
    ).toBe(true);
  });

  it('takes admin commands from a demoted admin no longer, told by a chat_member update', async () => {
    h.emulator.changeMember(GROUP, CAROL, 'administrator', ALICE);
    expect((await h.say(GROUP, CAROL, '/mint @carol 5')).text).toBe(
      'Minted 5 tickets for @carol. Their balance: 95.',
    );
    // Within the admin cache's minute: only the update can have told the gateway.
    h.emulator.changeMember(GROUP, CAROL, 'member', ALICE);
    expect((await h.say(GROUP, CAROL, '/mint @carol 5')).text).toBe('Only the group admins can do that.');
    expect(await h.balanceOf(GROUP, CAROL)).toBe(95);
  });

  it('refuses a forged update without the right secret, and it has no effect', async () => {
    const sentBefore = h.emulator.sent(GROUP).length;
    const bobBefore = await h.balanceOf(GROUP, BOB);
    // Alice is the group's creator: a forged /mint in her name is what an attacker would try.
    const forged = commandUpdate(900_001, 90_001, ALICE, '/mint @bob 1000');
    expect(await post(webhookUrl, forged)).toBe(403);
    expect(await post(webhookUrl, forged, { 'x-telegram-bot-api-secret-token': 'guessed' })).toBe(403);
    expect(await post(webhookUrl, forged, { 'x-telegram-bot-api-secret-token': `${SECRET}x` })).toBe(403);
    const otherPath = webhookUrl.replace(WEBHOOK_PATH, '/other');
    expect(await post(otherPath, forged, { 'x-telegram-bot-api-secret-token': SECRET })).toBe(404);
    expect(await post(webhookUrl, '', {}, 'GET')).toBe(405);
    expect(await post(webhookUrl, '{"not":"an update"}', { 'x-telegram-bot-api-secret-token': SECRET })).toBe(
      400,
    );

    await sleep(1_000);
    expect(h.emulator.sent(GROUP)).toHaveLength(sentBefore);
    expect(await h.balanceOf(GROUP, BOB)).toBe(bobBefore);

    // With the secret, the same server takes an update posted by hand: the refusals above were the secret's.
    const genuine = commandUpdate(900_002, 90_002, BOB, '/balance');
    expect(await post(webhookUrl, genuine, { 'x-telegram-bot-api-secret-token': SECRET })).toBe(200);
    await h.emulator.waitForMessage(GROUP, /^Bob, your balance is 10 tickets\.$/, { after: sentBefore });
  });

  it('keeps the webhook set when it stops, so an update sent meanwhile reaches it after a restart', async () => {
    await h.stopGateway();
    // Deliberate: Telegram keeps queuing updates for a set webhook, so none is lost while the gateway is down.
    expect(h.emulator.calls('deleteWebhook')).toEqual([]);
    expect(h.emulator.webhookRegistration()?.url).toBe(webhookUrl);
    await expect(post(webhookUrl, '{}')).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    const asked = h.emulator.sendText(GROUP, BOB, '/balance');
    await waitFor(
      () =>
        h.emulator
          .webhookDeliveries()
          .some((delivery) => delivery.updateId > 0 && delivery.error === 'Connection refused'),
      { description: 'a refused delivery while the gateway is down' },
    );
    await h.startGateway();
    const reply = await h.emulator.waitForMessage(
      GROUP,
      (sent) => sent.reply_to_message_id === asked.message_id,
      { timeoutMs: 15_000 },
    );
    expect(reply.text).toBe('Bob, your balance is 10 tickets.');
    expect(h.emulator.webhookDeliveries().filter((delivery) => delivery.gaveUp)).toEqual([]);
    expect(h.emulator.calls('setWebhook')).toHaveLength(2);
    await h.stopGateway();
    await expect(post(webhookUrl, '{}')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('as a process, stops cleanly on SIGTERM: the webhook server closes and the webhook stays set', async () => {
    const [httpPort, webhookPort] = [await freePort(), await freePort()];
    const processUrl = `http://127.0.0.1:${webhookPort}${WEBHOOK_PATH}`;
    const gateway = await spawnService({
      name: 'telegram-gateway',
      env: {
        ...h.nats.serviceEnv('telegram-gateway'),
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(httpPort),
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
        TELEGRAM_BOT_TOKEN: h.emulator.token,
        TELEGRAM_API_ROOT: h.emulator.apiRoot,
        TELEGRAM_WEBHOOK_URL: processUrl,
        TELEGRAM_WEBHOOK_PORT: String(webhookPort),
        TELEGRAM_WEBHOOK_SECRET: SECRET,
      },
      readyUrl: `http://127.0.0.1:${httpPort}/readyz`,
    });
    try {
      expect(h.emulator.webhookRegistration()?.url).toBe(processUrl);
      expect((await h.say(GROUP, BOB, '/balance')).text).toBe('Bob, your balance is 10 tickets.');
      expect(await post(processUrl, '{}', { 'x-telegram-bot-api-secret-token': 'forged' })).toBe(403);
    } finally {
      const exit = await gateway.stop();
      expect(exit).toMatchObject({ code: 0 });
    }
    await expect(post(processUrl, '{}')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(h.emulator.calls('deleteWebhook')).toEqual([]);
    expect(h.emulator.webhookRegistration()?.url).toBe(processUrl);
  });
});
