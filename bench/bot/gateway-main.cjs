'use strict';
// The built telegram-gateway as the bot bench runs it: dist/services/telegram-gateway/src/main.js, but
// with the outgoing send limits from BENCH_GATEWAY_SEND_LIMITS (JSON). The product's only way to set them
// is in-process (the gateway tests pass them the same way); with Telegram's own limits (30 messages/s,
// 20 per group per minute) the reply phase would measure Telegram's policy, not the bot.
const { join } = require('node:path');

const dist = join(__dirname, '..', '..', 'dist');
require(join(dist, 'register-aliases.js'));
require('reflect-metadata');
const { runServiceProcess } = require('@ticketonomics/runtime');
const gatewaySrc = join(dist, 'services', 'telegram-gateway', 'src');
const { GatewayConfigSchema } = require(join(gatewaySrc, 'config', 'gateway.config.js'));
const { startTelegramGateway } = require(join(gatewaySrc, 'gateway.app.js'));

const sendLimits = JSON.parse(process.env.BENCH_GATEWAY_SEND_LIMITS ?? '{}');

runServiceProcess({
  name: 'telegram-gateway',
  configSchema: GatewayConfigSchema,
  start: (config, logger) => startTelegramGateway(config, logger, { sendLimits }),
});
