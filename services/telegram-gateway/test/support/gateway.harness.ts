import { AccountsCommands, LedgerCommands, PROVIDER_TELEGRAM } from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import {
  freePort,
  makeTempDir,
  removeDir,
  spawnService,
  startNatsServer,
  startTelegramEmulator,
  type NatsServerHarness,
  type SendTextOptions,
  type SentMessage,
  type ServiceProcess,
  type TelegramEmulator,
} from '@ticketonomics/testing';
import { connect, type NatsConnection } from 'nats';
import { join } from 'node:path';
import pino from 'pino';
import type { Message } from 'telegraf/types';
import { GatewayConfigSchema } from '../../src/config/gateway.config';
import { startTelegramGateway, type RunningGateway } from '../../src/gateway.app';
import type { SendLimits } from '../../src/outgoing/send-limits';

/** Waits short enough for a test, long enough for a burst to hit the emulator's limits. */
export const TEST_SEND_LIMITS: Partial<SendLimits> = {
  perChatIntervalMs: 0,
  perGroupPerMinute: 10_000,
  globalPerSecond: 10_000,
};

interface Backend {
  process: ServiceProcess;
  start(): Promise<ServiceProcess>;
}

export interface GatewayHarness {
  nats: NatsServerHarness;
  emulator: TelegramEmulator;
  gateway: RunningGateway;
  client: CommandClient;
  /** Kill the ledger process (as a crash) / start it again on the same data and port. */
  stopLedger(): Promise<void>;
  startLedger(): Promise<void>;
  /** A user writes in a chat; resolves with the bot's reply to that message. */
  say(chatId: number, userId: number, text: string, options?: SendTextOptions): Promise<SentMessage>;
  /** The ledger account of a Telegram user in a chat's community. */
  accountOf(chatId: number, telegramUserId: number): Promise<string>;
  balanceOf(chatId: number, telegramUserId: number): Promise<number>;
  close(): Promise<void>;
}

async function spawnBackend(name: 'ledger' | 'accounts', natsUrl: string, dataDir: string): Promise<Backend> {
  const port = await freePort();
  const start = () =>
    spawnService({
      name,
      env: {
        NATS_URL: natsUrl,
        DATA_DIR: join(dataDir, name),
        HTTP_PORT: String(port),
        HTTP_HOST: '127.0.0.1',
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      },
      readyUrl: `http://127.0.0.1:${port}/readyz`,
    });
  const backend: Backend = { process: await start(), start };
  return backend;
}

/**
 * The whole system for a conversation: nats-server, the built ledger and accounts as processes (services
 * never import each other), the Bot API emulator, and the gateway in-process.
 */
export async function startGatewayHarness(
  sendLimits: Partial<SendLimits> = TEST_SEND_LIMITS,
): Promise<GatewayHarness> {
  const nats = await startNatsServer();
  const dataDir = await makeTempDir('telegram-gateway-test-');
  const [ledger, accounts] = await Promise.all([
    spawnBackend('ledger', nats.url, dataDir),
    spawnBackend('accounts', nats.url, dataDir),
  ]);
  const emulator = await startTelegramEmulator({ botUsername: 'TicketBot' });
  const config = GatewayConfigSchema.parse({
    NATS_URL: nats.url,
    DATA_DIR: join(dataDir, 'telegram-gateway'),
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    TELEGRAM_BOT_TOKEN: emulator.token,
    TELEGRAM_API_ROOT: emulator.apiRoot,
  });
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const gateway = await startTelegramGateway(config, logger, { sendLimits });
  const nc: NatsConnection = await connect({ servers: nats.url });
  const client = new CommandClient(nc, { timeoutMs: 10_000 });

  const accountOf = async (chatId: number, telegramUserId: number) => {
    const user = await client.request(AccountsCommands.userFind, {
      provider: PROVIDER_TELEGRAM,
      externalId: String(telegramUserId),
    });
    return `user:tg${chatId}:${user.id}`;
  };

  return {
    nats,
    emulator,
    gateway,
    client,
    async stopLedger() {
      await ledger.process.kill('SIGKILL');
    },
    async startLedger() {
      ledger.process = await ledger.start();
    },
    async say(chatId, userId, text, options) {
      const message: Message.TextMessage = emulator.sendText(chatId, userId, text, options);
      return emulator.waitForMessage(chatId, (sent) => sent.reply_to_message_id === message.message_id, {
        timeoutMs: 15_000,
      });
    },
    accountOf,
    async balanceOf(chatId, telegramUserId) {
      const accountId = await accountOf(chatId, telegramUserId);
      return (await client.request(LedgerCommands.balanceGet, { accountId })).balance;
    },
    async close() {
      await gateway.close().catch(() => undefined);
      await emulator.close();
      await nc.close().catch(() => undefined);
      await Promise.all([ledger.process.stop(), accounts.process.stop()]);
      await nats.dispose();
      await removeDir(dataDir);
    },
  };
}
