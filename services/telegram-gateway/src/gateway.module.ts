import { Module, type DynamicModule } from '@nestjs/common';
import { TELEGRAM_GATEWAY_LIMITS_BUCKET } from '@ticketonomics/contracts';
import { CommandClient, SharedLimitsBucket } from '@ticketonomics/messaging';
import { HealthModule } from '@ticketonomics/runtime';
import { getBotToken, TelegrafModule } from 'nestjs-telegraf';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { Telegraf } from 'telegraf';
import { AdminChangesUpdate } from './admin/admin-changes.update';
import { AdminCheckService } from './admin/admin-check.service';
import { AdminService } from './admin/admin.service';
import { ApiKeysService } from './api-keys/api-keys.service';
import { ArtifactAdminService } from './artifacts/artifact-admin.service';
import { ArtifactsClient } from './artifacts/artifacts.client';
import { ArtifactsService } from './artifacts/artifacts.service';
import { TradeUpdate } from './artifacts/trade.update';
import { TradesService } from './artifacts/trades.service';
import { BalanceService } from './balance/balance.service';
import { BotLauncher } from './bot/bot.launcher';
import { SenderSerializer } from './bot/sender-serializer';
import { CommandRunner } from './bot/command.runner';
import { CommandDeps } from './bot/command.deps';
import { CommandsUpdate } from './bot/commands.update';
import { InboundLimitReplies } from './bot/inbound-limit.replies';
import { InboundLimiter } from './bot/inbound.limiter';
import { RepliesService } from './bot/replies.service';
import type { GatewayConfig } from './config/gateway.config';
import { EconomyStatsService } from './economy/economy-stats.service';
import { GovernanceService } from './governance/governance.service';
import { PoolsService } from './governance/pools.service';
import { GovernanceNewsConsumer } from './governance/governance-news.consumer';
import { VoteUpdate } from './governance/vote.update';
import { GatewayLifecycle } from './gateway.lifecycle';
import { GATEWAY_CONFIG, LOGGER, NATS_CONNECTION } from './gateway.tokens';
import { MembersService } from './members/members.service';
import { IdentityLinksService } from './identity-links/identity-links.service';
import { MembershipUpdate } from './members/membership.update';
import { TargetResolver } from './members/target.resolver';
import { OutgoingQueue, type OutgoingMessage } from './outgoing/outgoing.queue';
import type { SendLimits } from './outgoing/send-limits';
import { SharedSendBudget } from './outgoing/shared-send.budget';
import { PaymentsService } from './payments/payments.service';
import { PayUpdate } from './payments/pay.update';
import { RewardsService } from './rewards/rewards.service';
import { ActivityUpdate } from './rewards/rewards.update';
import { SettingsService } from './settings/settings.service';

const INBOUND_WINDOW_MS = 60_000;
/** Chats and senders counted at once (a counter is a few dozen bytes). */
const INBOUND_KEYS_MAX = 100_000;

/** How long a request to a backend may take before the member is told to retry (analytics: see EconomyStatsService). */
const BACKEND_TIMEOUT_MS = 5_000;
/** The send windows' bucket keeps a key past the longest window (a group's minute). */
const SEND_LIMITS_BUCKET_TTL_MS = 2 * 60_000;
/** Each KV call of a send's slots; past it the replica decides alone (logged) until the bucket answers. */
const SEND_LIMITS_TIMEOUT_MS = 1_000;

export interface GatewayModuleOptions {
  config: GatewayConfig;
  logger: Logger;
  connection: NatsConnection;
  sendLimits: SendLimits;
}

export function sendWith(bot: Telegraf) {
  return (message: OutgoingMessage) =>
    message.editMessageId !== undefined
      ? bot.telegram.editMessageText(message.chatId, message.editMessageId, undefined, message.text, {
          ...(message.replyMarkup !== undefined ? { reply_markup: message.replyMarkup as never } : {}),
        })
      : bot.telegram.sendMessage(message.chatId, message.text, {
          // Also when the command was deleted meanwhile: the reply then still lands in its topic.
          ...(message.threadId !== undefined ? { message_thread_id: message.threadId } : {}),
          ...(message.replyToMessageId !== undefined
            ? {
                reply_parameters: { message_id: message.replyToMessageId, allow_sending_without_reply: true },
              }
            : {}),
          ...(message.replyMarkup !== undefined ? { reply_markup: message.replyMarkup as never } : {}),
        });
}

@Module({})
export class GatewayModule {
  static forRoot(options: GatewayModuleOptions): DynamicModule {
    const { config } = options;
    const inbound = new InboundLimiter({
      perChatMax: config.TELEGRAM_INBOUND_CHAT_PER_MINUTE,
      perUserMax: config.TELEGRAM_INBOUND_USER_PER_MINUTE,
      windowMs: INBOUND_WINDOW_MS,
      keysMax: INBOUND_KEYS_MAX,
    });
    return {
      module: GatewayModule,
      imports: [
        HealthModule.forService('telegram-gateway'),
        TelegrafModule.forRoot({
          token: config.TELEGRAM_BOT_TOKEN,
          ...(config.TELEGRAM_API_ROOT !== undefined
            ? { options: { telegram: { apiRoot: config.TELEGRAM_API_ROOT.replace(/\/$/, '') } } }
            : {}),
          launchOptions: false,
          // The limiter first: a skipped update must not wait in its chat's line behind the flood.
          middlewares: [inbound.middleware(), new SenderSerializer().middleware()],
        }),
      ],
      providers: [
        { provide: LOGGER, useValue: options.logger },
        { provide: NATS_CONNECTION, useValue: options.connection },
        { provide: GATEWAY_CONFIG, useValue: config },
        {
          provide: CommandClient,
          useFactory: () => new CommandClient(options.connection, { timeoutMs: BACKEND_TIMEOUT_MS }),
        },
        {
          provide: SharedSendBudget,
          useFactory: () =>
            new SharedSendBudget(
              new SharedLimitsBucket(
                options.connection,
                {
                  bucket: TELEGRAM_GATEWAY_LIMITS_BUCKET,
                  replicas: config.NATS_REPLICAS ?? 1,
                  ttlMs: SEND_LIMITS_BUCKET_TTL_MS,
                  timeoutMs: SEND_LIMITS_TIMEOUT_MS,
                },
                options.logger,
              ),
              options.sendLimits,
            ),
        },
        {
          provide: OutgoingQueue,
          useFactory: (bot: Telegraf, budget: SharedSendBudget) =>
            new OutgoingQueue(sendWith(bot), options.sendLimits, options.logger, (message) =>
              budget.admit(message),
            ),
          inject: [getBotToken(), SharedSendBudget],
        },
        { provide: InboundLimiter, useValue: inbound },
        InboundLimitReplies,
        RepliesService,
        MembersService,
        TargetResolver,
        CommandRunner,
        CommandDeps,
        AdminCheckService,
        BalanceService,
        PaymentsService,
        AdminService,
        RewardsService,
        EconomyStatsService,
        SettingsService,
        ArtifactsClient,
        ArtifactsService,
        ArtifactAdminService,
        TradesService,
        ApiKeysService,
        IdentityLinksService,
        GovernanceService,
        GovernanceNewsConsumer,
        PoolsService,
        // Every command, from bot/commands.table.ts; then the buttons and Telegram's service messages.
        CommandsUpdate,
        MembershipUpdate,
        PayUpdate,
        TradeUpdate,
        VoteUpdate,
        AdminChangesUpdate,
        // Last: it sees only the texts no command handler took (see ActivityUpdate).
        ActivityUpdate,
        BotLauncher,
        GatewayLifecycle,
      ],
    };
  }
}
