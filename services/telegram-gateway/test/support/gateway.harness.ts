import {
  AccountsCommands,
  AccountsEvents,
  AnalyticsCommands,
  EVENT_STREAM,
  GOVERNANCE_ACCOUNTS_DURABLE,
  LedgerCommands,
  PROVIDER_TELEGRAM,
  type ActivityRewarded,
  type AnalyticsOverview,
} from '@ticketonomics/contracts';
import { CommandClient } from '@ticketonomics/messaging';
import {
  startTelegramEmulator,
  type SendTextOptions,
  type SentMessage,
  type TelegramEmulator,
  type TelegramEmulatorOptions,
} from '@ticketonomics/telegram-emulator';
import {
  makeTempDir,
  removeDir,
  spawnBackendService,
  startNatsServer,
  waitFor,
  type NatsServerHarness,
} from '@ticketonomics/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
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

export interface GatewayHarnessOptions {
  sendLimits?: Partial<SendLimits>;
  /** Gateway environment over the harness's own (TELEGRAM_WEBHOOK_URL and its port for webhook mode). */
  env?: Record<string, string>;
  emulator?: TelegramEmulatorOptions;
  /** Also run the built artifacts service (dist/services/artifacts, from `npm run build`). */
  artifacts?: boolean;
  /** Also run the built analytics service (dist/services/analytics), for /stats and /top. */
  analytics?: boolean;
  /** Also run the built governance service, deciding and applying every 100 ms, for /propose and /vote. */
  governance?: boolean;
}

export interface GatewayHarness {
  nats: NatsServerHarness;
  emulator: TelegramEmulator;
  /** The running gateway; a new one after startGateway(). */
  readonly gateway: RunningGateway;
  client: CommandClient;
  /** Kill the ledger process (as a crash) / start it again on the same data and port. */
  stopLedger(): Promise<void>;
  startLedger(): Promise<void>;
  /** Kill the artifacts process (started with `artifacts: true`), as a crash. */
  stopArtifacts(): Promise<void>;
  /** Kill the analytics process (started with `analytics: true`), as a crash / start it again on its data. */
  stopAnalytics(): Promise<void>;
  startAnalytics(): Promise<void>;
  /**
   * Waits until analytics has caught up with a community (analytics is eventually consistent): the stream
   * fully applied and as many journal rows as the ledger has. Returns the overview it then answers.
   */
  analyticsCaughtUp(communityId: string): Promise<AnalyticsOverview>;
  /** Waits until governance has applied every accounts event (its members follow them), so a newcomer may vote. */
  governanceCaughtUp(): Promise<void>;
  /** Stop the gateway (as a shutdown or a replica going away) / start a fresh one, with no memory of the last. */
  stopGateway(): Promise<void>;
  startGateway(): Promise<void>;
  /** The rewards accounts decided so far (activity.rewarded in JetStream), oldest first. */
  rewardsDecided(): Promise<ActivityRewarded[]>;
  /** A user writes in a chat; resolves with the bot's reply to that message. */
  say(chatId: number, userId: number, text: string, options?: SendTextOptions): Promise<SentMessage>;
  /** The ledger account of a Telegram user in a chat's community. */
  accountOf(chatId: number, telegramUserId: number): Promise<string>;
  balanceOf(chatId: number, telegramUserId: number): Promise<number>;
  close(): Promise<void>;
}

/**
 * The whole system for a conversation: nats-server, the built ledger and accounts as processes (services
 * never import each other), the Bot API emulator, and the gateway in-process.
 */
export async function startGatewayHarness(options: GatewayHarnessOptions = {}): Promise<GatewayHarness> {
  const { sendLimits = TEST_SEND_LIMITS } = options;
  const nats = await startNatsServer();
  const dataDir = await makeTempDir('telegram-gateway-test-');
  const [ledger, accounts, artifacts, analytics, governance] = await Promise.all([
    spawnBackendService({ name: 'ledger', nats, dataDir }),
    spawnBackendService({ name: 'accounts', nats, dataDir }),
    options.artifacts === true ? spawnBackendService({ name: 'artifacts', nats, dataDir }) : undefined,
    options.analytics === true ? spawnBackendService({ name: 'analytics', nats, dataDir }) : undefined,
    options.governance === true
      ? spawnBackendService({
          name: 'governance',
          nats,
          dataDir,
          env: { GOVERNANCE_TICK_INTERVAL_MS: '100', GOVERNANCE_OWNER_CALL_TIMEOUT_MS: '3000' },
        })
      : undefined,
  ]);
  const backends = [ledger, accounts, artifacts, analytics, governance];
  // A failure from here on (a connection timing out on a busy machine) must not leave the processes above
  // running: they would keep the test run from exiting.
  const abandon = async (error: unknown): Promise<never> => {
    await Promise.all(backends.map((backend) => backend?.process.stop().catch(() => undefined)));
    await nats.dispose().catch(() => undefined);
    await removeDir(dataDir).catch(() => undefined);
    throw error;
  };
  const emulator = await startTelegramEmulator({ botUsername: 'TicketBot', ...options.emulator }).catch(
    abandon,
  );
  const config = GatewayConfigSchema.parse({
    ...nats.serviceEnv('telegram-gateway'),
    DATA_DIR: join(dataDir, 'telegram-gateway'),
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    TELEGRAM_BOT_TOKEN: emulator.token,
    TELEGRAM_API_ROOT: emulator.apiRoot,
    // Conversations send commands faster than people do; the fairness test sets its own limits.
    TELEGRAM_INBOUND_CHAT_PER_MINUTE: '100000',
    TELEGRAM_INBOUND_USER_PER_MINUTE: '100000',
    TELEGRAM_OUTGOING_CHAT_QUEUE_MAX: '500',
    ...options.env,
  });
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const abandonAll = async (error: unknown): Promise<never> => {
    await emulator.close().catch(() => undefined);
    return abandon(error);
  };
  let gateway = await startTelegramGateway(config, logger, { sendLimits }).catch(abandonAll);
  const nc: NatsConnection = await nats.connect().catch(async (error: unknown) => {
    await gateway.close().catch(() => undefined);
    return abandonAll(error);
  });
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
    get gateway() {
      return gateway;
    },
    client,
    async stopLedger() {
      await ledger.process.kill('SIGKILL');
    },
    async startLedger() {
      ledger.process = await ledger.start();
    },
    async stopArtifacts() {
      await artifacts?.process.kill('SIGKILL');
    },
    async stopAnalytics() {
      await analytics?.process.kill('SIGKILL');
    },
    async startAnalytics() {
      if (analytics !== undefined) analytics.process = await analytics.start();
    },
    async analyticsCaughtUp(communityId) {
      return waitFor(
        async () => {
          const status = await client.request(AnalyticsCommands.statusGet, {});
          const ledgerRows = (await client.request(LedgerCommands.supplyGet, { communityId })).transfers;
          const overview = await client.request(AnalyticsCommands.overviewGet, { communityId });
          // journalRows counts what the ledger's supply.get counts; lag 0: nothing else is pending either.
          return status.lag === 0 && overview.journalRows === ledgerRows ? overview : undefined;
        },
        { timeoutMs: 20_000, description: `analytics caught up with ${communityId}` },
      );
    },
    async governanceCaughtUp() {
      const jsm = await jetstreamManager(nc);
      await waitFor(
        async () => {
          const info = await jsm.consumers.info(EVENT_STREAM, GOVERNANCE_ACCOUNTS_DURABLE);
          return info.num_pending === 0 && info.num_ack_pending === 0;
        },
        { timeoutMs: 10_000, description: 'governance caught up with accounts' },
      );
    },
    async stopGateway() {
      await gateway.close();
    },
    async startGateway() {
      gateway = await startTelegramGateway(config, logger, { sendLimits });
    },
    async rewardsDecided() {
      const jsm = await jetstreamManager(nc);
      const { state } = await jsm.streams.info(EVENT_STREAM);
      const decided: ActivityRewarded[] = [];
      for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq += 1) {
        const message = await jsm.streams.getMessage(EVENT_STREAM, { seq });
        if (message === null || message.subject !== AccountsEvents.activityRewarded.type) continue;
        decided.push((message.json() as { data: ActivityRewarded }).data);
      }
      return decided;
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
      await Promise.all([
        ledger.process.stop(),
        accounts.process.stop(),
        artifacts?.process.stop(),
        analytics?.process.stop(),
        governance?.process.stop(),
      ]);
      await nats.dispose();
      await removeDir(dataDir);
    },
  };
}
