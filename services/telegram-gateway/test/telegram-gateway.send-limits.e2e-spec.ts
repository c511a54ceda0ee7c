/**
 * Telegram's send limits are the bot's, not a process's: two replicas' reply queues, each with its own NATS
 * connection on one nats-server (as two telegram-gateway containers have), send through the Bot API emulator
 * with Telegram's limits switched on. Sharing the slots through the KV bucket, they never get a 429; without
 * it (the control), the same sends do.
 */
import { TELEGRAM_GATEWAY_LIMITS_BUCKET } from '@ticketonomics/contracts';
import { SharedLimitsBucket } from '@ticketonomics/messaging';
import { startTelegramEmulator, type TelegramEmulator } from '@ticketonomics/telegram-emulator';
import { startNatsServer, type NatsServerHarness } from '@ticketonomics/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import { Telegraf } from 'telegraf';
import { sendWith } from '../src/gateway.module';
import { OutgoingQueue, type OutgoingMessage } from '../src/outgoing/outgoing.queue';
import { TELEGRAM_SEND_LIMITS_DEFAULT, type SendLimits } from '../src/outgoing/send-limits';
import { SharedSendBudget } from '../src/outgoing/shared-send.budget';

const logger = pino({ level: 'silent' });
const PRIVATE_CHAT = 7_001;
const GLOBAL_PER_SECOND = 4;
/**
 * The replicas keep a little under what the emulator enforces (a chat: 1.5 s apart instead of 1 s; the bot:
 * 3 a second instead of 4): a send reaches the emulator some milliseconds after its slot was taken, and on
 * a loaded machine those milliseconds differ by more than the budget's own margin. The control shows the
 * same limits without the bucket do get 429s.
 */
const limits: SendLimits = {
  ...TELEGRAM_SEND_LIMITS_DEFAULT,
  perChatIntervalMs: 1_500,
  globalPerSecond: GLOBAL_PER_SECOND - 1,
};

interface Replica {
  queue: OutgoingQueue;
  budget: SharedSendBudget | undefined;
}

describe('telegram-gateway: send limits held across replicas (real nats-server, Bot API emulator)', () => {
  let nats: NatsServerHarness;
  let emulator: TelegramEmulator;
  const connections: NatsConnection[] = [];

  beforeAll(async () => {
    nats = await startNatsServer();
    emulator = await startTelegramEmulator();
    emulator.addChat({ id: PRIVATE_CHAT, type: 'private' });
    for (let chat = 1; chat <= 6; chat += 1) emulator.addChat({ id: 7_100 + chat, type: 'private' });
    emulator.setRateLimit({ perChatPerSecond: 1, globalPerSecond: GLOBAL_PER_SECOND });
  });
  afterAll(async () => {
    for (const connection of connections) await connection.close();
    await emulator?.close();
    await nats?.dispose();
  });

  /** A replica's reply queue: its own bot client and NATS connection; `shared` gives it the bucket. */
  async function replica(shared: boolean, bucket: string): Promise<Replica> {
    const bot = new Telegraf(emulator.token, { telegram: { apiRoot: emulator.apiRoot } });
    if (!shared) return { queue: new OutgoingQueue(sendWith(bot), limits, logger), budget: undefined };
    const connection = await nats.connect();
    connections.push(connection);
    const budget = new SharedSendBudget(
      new SharedLimitsBucket(connection, { bucket, replicas: 1, ttlMs: 120_000, timeoutMs: 2_000 }, logger),
      limits,
    );
    const queue = new OutgoingQueue(sendWith(bot), limits, logger, (message) => budget.admit(message));
    return { queue, budget };
  }

  /** Every shared pair counts in the one bucket, as the emulator counts every send of the one bot. */
  async function replicas(shared: boolean): Promise<Replica[]> {
    return [
      await replica(shared, TELEGRAM_GATEWAY_LIMITS_BUCKET),
      await replica(shared, TELEGRAM_GATEWAY_LIMITS_BUCKET),
    ];
  }

  const text = (chatId: number, n: number): OutgoingMessage => ({
    chatId,
    chatKind: 'private',
    text: `m${n}`,
  });

  it('keeps one chat within its rate when two replicas answer it', async () => {
    const [a, b] = await replicas(true);
    const sent = [];
    for (let n = 0; n < 4; n += 1) {
      sent.push(a!.queue.enqueue(text(PRIVATE_CHAT, n)), b!.queue.enqueue(text(PRIVATE_CHAT, 10 + n)));
    }
    await Promise.all(sent);
    expect(a!.queue.rateLimitedTotal + b!.queue.rateLimitedTotal).toBe(0);
    expect(emulator.sent(PRIVATE_CHAT)).toHaveLength(8);
    // The replicas did wait for each other's slots, not just happen to miss each other.
    expect(a!.budget!.waitedTotal + b!.budget!.waitedTotal).toBeGreaterThan(0);
  });

  it("keeps the bot's messages a second within the limit over many chats", async () => {
    const [a, b] = await replicas(true);
    const sent = [];
    for (let chat = 1; chat <= 6; chat += 1) {
      sent.push(
        a!.queue.enqueue(text(7_100 + chat, 100 + chat)),
        b!.queue.enqueue(text(7_100 + chat, 200 + chat)),
      );
    }
    await Promise.all(sent);
    expect(a!.queue.rateLimitedTotal + b!.queue.rateLimitedTotal).toBe(0);
  });

  it('gets 429s from Telegram when each replica counts alone (the control)', async () => {
    const [a, b] = await replicas(false);
    const sent = [];
    for (let n = 0; n < 3; n += 1) {
      sent.push(a!.queue.enqueue(text(PRIVATE_CHAT, 300 + n)), b!.queue.enqueue(text(PRIVATE_CHAT, 400 + n)));
    }
    await Promise.all(sent);
    expect(a!.queue.rateLimitedTotal + b!.queue.rateLimitedTotal).toBeGreaterThan(0);
  });
});
