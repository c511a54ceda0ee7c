import 'reflect-metadata';
import { runServiceProcess } from '@ticketonomics/runtime';
import { GatewayConfigSchema } from './config/gateway.config';
import { startTelegramGateway } from './gateway.app';

runServiceProcess({
  name: 'telegram-gateway',
  configSchema: GatewayConfigSchema,
  start: startTelegramGateway,
  configHint: () =>
    process.env.TELEGRAM_BOT_TOKEN
      ? ''
      : '\n  (create a bot with @BotFather in Telegram, then run with TELEGRAM_BOT_TOKEN=<its token>)',
  // A wrong token is the likeliest start failure; say so.
  startFailureHint: (message) =>
    /401|Unauthorized/i.test(message) ? ' (TELEGRAM_BOT_TOKEN was refused: check it with @BotFather)' : '',
});
