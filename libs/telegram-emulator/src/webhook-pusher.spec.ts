import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Telegram, TelegramError } from 'telegraf';
import type { Update } from 'telegraf/types';
import { freePort, waitFor } from '@ticketonomics/testing';
import { startTelegramEmulator, type TelegramEmulator } from './index';

const GROUP = -100_321;
const ALICE = 42;
const SECRET = 'webhook-secret_1';
/** Long enough that two updates would overlap if the emulator sent them concurrently. */
const RECEIVER_HANDLING_MS = 30;

interface Receiver {
  url: string;
  received: { headers: IncomingHttpHeaders; update: Update }[];
  /** The most POSTs that were in flight at once. */
  concurrentMax: number;
  close(): Promise<void>;
}

/** A webhook receiver on a free port; `statusFor(n)` is the answer to the n-th POST (0-based). */
async function startReceiver(statusFor: (index: number) => number = () => 200): Promise<Receiver> {
  let inFlight = 0;
  const receiver: Receiver = {
    url: '',
    received: [],
    concurrentMax: 0,
    close: async () => {
      const closed = once(server, 'close');
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
  const server = createServer((request, response) => {
    inFlight += 1;
    receiver.concurrentMax = Math.max(receiver.concurrentMax, inFlight);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const index = receiver.received.length;
      receiver.received.push({
        headers: request.headers,
        update: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Update,
      });
      setTimeout(() => {
        inFlight -= 1;
        response.writeHead(statusFor(index)).end();
      }, RECEIVER_HANDLING_MS);
    });
  });
  server.listen({ port: 0, host: '127.0.0.1' });
  await once(server, 'listening');
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return receiver;
}

function textOf(update: Update): string | undefined {
  return 'message' in update && 'text' in update.message ? update.message.text : undefined;
}

describe('Telegram Bot API emulator: webhooks', () => {
  let emulator: TelegramEmulator;
  let telegram: Telegram;
  let receiver: Receiver | undefined;

  async function start(options: Parameters<typeof startTelegramEmulator>[0] = {}): Promise<void> {
    emulator = await startTelegramEmulator({
      botUsername: 'TicketBot',
      webhook: { attemptsMax: 3, retryDelayMs: 20, retryDelayMaxMs: 50 },
      ...options,
    });
    emulator.addUser({ id: ALICE, first_name: 'Alice', username: 'alice' });
    emulator.addChat({ id: GROUP, type: 'supergroup', title: 'Ticket Club' });
    telegram = new Telegram(emulator.token, { apiRoot: emulator.apiRoot });
  }

  afterEach(async () => {
    await emulator.close();
    await receiver?.close();
    receiver = undefined;
  });

  it('POSTs each update as JSON with the secret header, in order and one at a time', async () => {
    await start();
    receiver = await startReceiver();
    expect(await telegram.setWebhook(receiver.url, { secret_token: SECRET })).toBe(true);
    expect(emulator.webhookRegistration()).toEqual({
      url: receiver.url,
      secretToken: SECRET,
      maxConnections: 40,
    });

    const texts = ['one', 'two', 'three', 'four'];
    const sent = texts.map((text) => emulator.sendText(GROUP, ALICE, text));
    const all = receiver;
    // The emulator records a delivery once the answer is in, a little after the receiver has the update.
    await waitFor(() => emulator.webhookDeliveries().length === texts.length, {
      description: 'every update delivered',
    });

    expect(receiver.received.map(({ update }) => textOf(update))).toEqual(texts);
    expect(receiver.received.map(({ update }) => 'message' in update && update.message.message_id)).toEqual(
      sent.map((message) => message.message_id),
    );
    for (const { headers } of receiver.received) {
      expect(headers['x-telegram-bot-api-secret-token']).toBe(SECRET);
      expect(headers['content-type']).toBe('application/json');
    }
    expect(receiver.concurrentMax).toBe(1);
    const deliveries = emulator.webhookDeliveries();
    expect(deliveries.map((delivery) => [delivery.attempt, delivery.delivered, delivery.httpStatus])).toEqual(
      texts.map(() => [1, true, 200]),
    );
    expect(deliveries.every((delivery) => delivery.secretTokenSent && delivery.url === all.url)).toBe(true);
    // The secret stays out of getWebhookInfo, as in Telegram.
    expect(await telegram.getWebhookInfo()).toEqual({
      url: receiver.url,
      has_custom_certificate: false,
      pending_update_count: 0,
      max_connections: 40,
    });
  });

  it('retries after a failing receiver with a short back-off, keeping later updates behind', async () => {
    await start();
    // The first POST answers 500 and the second 502; every later one succeeds.
    receiver = await startReceiver((index) => [500, 502][index] ?? 200);
    await telegram.setWebhook(receiver.url, { secret_token: SECRET });

    emulator.sendText(GROUP, ALICE, 'first');
    emulator.sendText(GROUP, ALICE, 'second');
    await waitFor(() => emulator.pendingUpdateCount() === 0, { description: 'both updates delivered' });

    expect(receiver.received.map(({ update }) => textOf(update))).toEqual([
      'first',
      'first',
      'first',
      'second',
    ]);
    const deliveries = emulator.webhookDeliveries();
    expect(
      deliveries.map(({ attempt, httpStatus, delivered }) => ({ attempt, httpStatus, delivered })),
    ).toEqual([
      { attempt: 1, httpStatus: 500, delivered: false },
      { attempt: 2, httpStatus: 502, delivered: false },
      { attempt: 3, httpStatus: 200, delivered: true },
      { attempt: 1, httpStatus: 200, delivered: true },
    ]);
    expect(deliveries[0]?.error).toBe('Wrong response from the webhook: 500 Internal Server Error');
    // The waits grow: 20 ms before the second try, 40 ms before the third.
    const [first, second, third] = deliveries;
    expect((second?.atMs ?? 0) - (first?.atMs ?? 0)).toBeGreaterThanOrEqual(20);
    expect((third?.atMs ?? 0) - (second?.atMs ?? 0)).toBeGreaterThanOrEqual(40);
    const info = await telegram.getWebhookInfo();
    expect(info.last_error_message).toBe('Wrong response from the webhook: 502 Bad Gateway');
    expect(info.last_error_date).toBeGreaterThan(0);
  });

  it('gives an update up after attemptsMax refused connections, then delivers the next one', async () => {
    await start();
    const url = `http://127.0.0.1:${await freePort()}/nobody-listens`;
    await telegram.setWebhook(url);
    emulator.sendText(GROUP, ALICE, 'lost');
    await waitFor(() => emulator.webhookDeliveries().some((delivery) => delivery.gaveUp), {
      description: 'the update given up',
    });
    expect(emulator.webhookDeliveries()).toEqual([
      expect.objectContaining({ attempt: 1, error: 'Connection refused', delivered: false, gaveUp: false }),
      expect.objectContaining({ attempt: 2, error: 'Connection refused', gaveUp: false }),
      expect.objectContaining({
        attempt: 3,
        error: 'Connection refused',
        gaveUp: true,
        secretTokenSent: false,
      }),
    ]);
    expect(emulator.pendingUpdateCount()).toBe(0);
    expect((await telegram.getWebhookInfo()).last_error_message).toBe('Connection refused');

    receiver = await startReceiver();
    await telegram.setWebhook(receiver.url);
    emulator.sendText(GROUP, ALICE, 'found');
    const found = receiver;
    await waitFor(() => found.received.length === 1, { description: 'the next update delivered' });
    expect(textOf(receiver.received[0]?.update as Update)).toBe('found');
  });

  it('answers getUpdates 409 while a webhook is set, and ends a held long poll the same way', async () => {
    await start();
    const held = telegram.getUpdates(50, 100, 0, undefined);
    await emulator.waitForCall('getUpdates');
    receiver = await startReceiver();
    await telegram.setWebhook(receiver.url);
    await expect(held).rejects.toMatchObject({
      code: 409,
      description: 'Conflict: terminated by setWebhook request',
    });
    const refused = await telegram.getUpdates(0, 100, 0, undefined).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TelegramError);
    expect(refused).toMatchObject({
      code: 409,
      description:
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    });
  });

  it('goes back to polling on deleteWebhook, keeping what was not delivered', async () => {
    // Tries far apart, so the update is still waiting for its second try when the webhook goes.
    await start({ webhook: { attemptsMax: 3, retryDelayMs: 60_000, retryDelayMaxMs: 60_000 } });
    await telegram.setWebhook(`http://127.0.0.1:${await freePort()}/down`);
    const kept = emulator.sendText(GROUP, ALICE, 'kept for polling');
    await waitFor(() => emulator.webhookDeliveries().length === 1, { description: 'the first try' });

    expect(await telegram.deleteWebhook()).toBe(true);
    expect(emulator.webhookRegistration()).toBeUndefined();
    expect(await telegram.getWebhookInfo()).toEqual({
      url: '',
      has_custom_certificate: false,
      pending_update_count: 1,
    });
    const updates = await telegram.getUpdates(0, 100, 0, undefined);
    expect(updates.map((update) => 'message' in update && update.message.message_id)).toEqual([
      kept.message_id,
    ]);
    // Polling now: nothing more goes to the old URL.
    emulator.sendText(GROUP, ALICE, 'polled too');
    await sleep(100);
    expect(emulator.webhookDeliveries()).toHaveLength(1);
    expect(await telegram.getUpdates(0, 100, 0, undefined)).toHaveLength(2);
  });

  it('drops pending updates when asked, and refuses bad URLs and secrets as Telegram does', async () => {
    await start();
    emulator.sendText(GROUP, ALICE, 'old news');
    receiver = await startReceiver();
    await telegram.setWebhook(receiver.url, { drop_pending_updates: true });
    emulator.sendText(GROUP, ALICE, 'fresh');
    const fresh = receiver;
    await waitFor(() => fresh.received.length === 1, { description: 'the fresh update' });
    await sleep(50);
    expect(receiver.received.map(({ update }) => textOf(update))).toEqual(['fresh']);

    await expect(telegram.setWebhook('ftp://127.0.0.1/hook')).rejects.toMatchObject({
      code: 400,
      description: 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook',
    });
    await expect(telegram.setWebhook(receiver.url, { secret_token: 'no spaces!' })).rejects.toMatchObject({
      code: 400,
      description: 'Bad Request: secret token contains unallowed characters',
    });
    // An empty url removes the webhook.
    await telegram.setWebhook('');
    expect((await telegram.getWebhookInfo()).url).toBe('');
  });
});
