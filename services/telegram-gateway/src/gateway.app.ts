import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connectNats, drainNats } from '@ticketonomics/messaging';
import { busConnectionOptions, NestPinoLogger } from '@ticketonomics/runtime';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { BotLauncher } from './bot/bot.launcher';
import type { GatewayConfig } from './config/gateway.config';
import { GatewayModule } from './gateway.module';
import { OutgoingQueue } from './outgoing/outgoing.queue';
import { TELEGRAM_SEND_LIMITS_DEFAULT, type SendLimits } from './outgoing/send-limits';

/** How long shutdown lets queued replies go out before the process ends. */
const SHUTDOWN_FLUSH_TIMEOUT_MS = 5_000;

export interface GatewayStartOptions {
  /** Overrides of Telegram's send limits (tests shorten the waits). */
  sendLimits?: Partial<SendLimits>;
}

export interface RunningGateway {
  app: INestApplication;
  httpPort: number;
  /** Stop polling, send what is queued (bounded wait), close NATS. */
  close(): Promise<void>;
}

/** Start the Telegram gateway: used by main.ts for the process and by tests to run it in-process. */
export async function startTelegramGateway(
  config: GatewayConfig,
  logger: Logger,
  options: GatewayStartOptions = {},
): Promise<RunningGateway> {
  const connection = await connectNats(busConnectionOptions(config, 'telegram-gateway'), logger);
  const sendLimits = {
    ...TELEGRAM_SEND_LIMITS_DEFAULT,
    queuedPerChatMax: config.TELEGRAM_OUTGOING_CHAT_QUEUE_MAX,
    ...options.sendLimits,
  };
  const app = await NestFactory.create(GatewayModule.forRoot({ config, logger, connection, sendLimits }), {
    logger: new NestPinoLogger(logger),
  });
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  const httpPort = (app.getHttpServer().address() as AddressInfo).port;
  const launcher = app.get(BotLauncher);
  try {
    await launcher.launch();
  } catch (error) {
    await app.close().catch(() => undefined);
    await drainNats(connection, logger);
    throw error;
  }
  logger.info({ httpPort }, 'telegram-gateway ready');
  const queue = app.get(OutgoingQueue);
  let closing: Promise<void> | null = null;
  return {
    app,
    httpPort,
    close: () => {
      closing ??= (async () => {
        await app.close();
        await launcher.stopped();
        queue.stop();
        const left = await queue.flush(SHUTDOWN_FLUSH_TIMEOUT_MS);
        if (left > 0) logger.warn({ left }, 'stopped with replies still queued');
        await drainNats(connection, logger);
      })();
      return closing;
    },
  };
}
