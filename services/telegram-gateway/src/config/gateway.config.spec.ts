import { TEST_BUS_ENV } from '@ticketonomics/testing';
import { ConfigError, loadConfig } from '@ticketonomics/runtime';
import { GatewayConfigSchema, webhookSecretTokenOf } from './gateway.config';

describe('gateway configuration', () => {
  it('needs a token, and says where to get one', () => {
    for (const env of [{}, { TELEGRAM_BOT_TOKEN: '' }]) {
      expect(() => loadConfig(GatewayConfigSchema, { ...TEST_BUS_ENV, ...env })).toThrow(ConfigError);
      expect(() => loadConfig(GatewayConfigSchema, { ...TEST_BUS_ENV, ...env })).toThrow(
        /TELEGRAM_BOT_TOKEN: .*BotFather/,
      );
    }
    expect(() =>
      loadConfig(GatewayConfigSchema, { ...TEST_BUS_ENV, TELEGRAM_BOT_TOKEN: 'not a token' }),
    ).toThrow(/TELEGRAM_BOT_TOKEN: must be a bot token/);
  });

  it('polls Telegram on port 3005 by default; empty optional values count as unset', () => {
    const config = loadConfig(GatewayConfigSchema, {
      ...TEST_BUS_ENV,
      TELEGRAM_BOT_TOKEN: '123:abc',
      TELEGRAM_WEBHOOK_URL: '',
      TELEGRAM_API_ROOT: '',
    });
    expect(config).toMatchObject({
      HTTP_PORT: 3005,
      TELEGRAM_BOT_TOKEN: '123:abc',
      TELEGRAM_POLLER_LEASE_TTL_MS: 10_000,
    });
    expect(config.TELEGRAM_WEBHOOK_URL).toBeUndefined();
    expect(config.TELEGRAM_API_ROOT).toBeUndefined();
  });

  it('refuses a poller lease too short to renew in time', () => {
    expect(() =>
      loadConfig(GatewayConfigSchema, {
        ...TEST_BUS_ENV,
        TELEGRAM_BOT_TOKEN: '123:abc',
        TELEGRAM_POLLER_LEASE_TTL_MS: '500',
      }),
    ).toThrow(/TELEGRAM_POLLER_LEASE_TTL_MS: must be at least 2000/);
  });

  it('refuses a malformed webhook URL', () => {
    expect(() =>
      loadConfig(GatewayConfigSchema, {
        ...TEST_BUS_ENV,
        TELEGRAM_BOT_TOKEN: '123:abc',
        TELEGRAM_WEBHOOK_URL: 'bot.example',
      }),
    ).toThrow(/TELEGRAM_WEBHOOK_URL/);
  });

  it('takes an https webhook URL, and plain http only on a loopback host', () => {
    const webhookUrl = (url: string) =>
      loadConfig(GatewayConfigSchema, {
        ...TEST_BUS_ENV,
        TELEGRAM_BOT_TOKEN: '123:abc',
        TELEGRAM_WEBHOOK_URL: url,
      }).TELEGRAM_WEBHOOK_URL;
    expect(webhookUrl('https://bot.example.com/telegram')).toBe('https://bot.example.com/telegram');
    expect(webhookUrl('http://127.0.0.1:8443/hook')).toBe('http://127.0.0.1:8443/hook');
    expect(webhookUrl('http://localhost:8443/hook')).toBe('http://localhost:8443/hook');
    expect(() => webhookUrl('http://bot.example.com/telegram')).toThrow(
      /TELEGRAM_WEBHOOK_URL: must be an https/,
    );
    expect(() => webhookUrl('ftp://127.0.0.1/hook')).toThrow(/TELEGRAM_WEBHOOK_URL/);
  });

  it('checks the webhook secret it is given, or one derived from the token, the same in every replica', () => {
    const config = (env: Record<string, string>) =>
      loadConfig(GatewayConfigSchema, { ...TEST_BUS_ENV, TELEGRAM_BOT_TOKEN: '123:abc', ...env });
    expect(webhookSecretTokenOf(config({ TELEGRAM_WEBHOOK_SECRET: 'chosen_secret' }))).toBe('chosen_secret');
    const derived = webhookSecretTokenOf(config({}));
    expect(derived).toMatch(/^[0-9a-f]{64}$/);
    expect(webhookSecretTokenOf(config({ TELEGRAM_WEBHOOK_SECRET: '' }))).toBe(derived);
    expect(webhookSecretTokenOf(config({ TELEGRAM_BOT_TOKEN: '123:other' }))).not.toBe(derived);
    expect(() => config({ TELEGRAM_WEBHOOK_SECRET: 'has spaces' })).toThrow(/TELEGRAM_WEBHOOK_SECRET/);
  });

  it('has explicit inbound and outgoing limits per chat and sender, and refuses ones that make no sense', () => {
    const config = (env: Record<string, string>) =>
      loadConfig(GatewayConfigSchema, { ...TEST_BUS_ENV, TELEGRAM_BOT_TOKEN: '123:abc', ...env });
    expect(config({})).toMatchObject({
      TELEGRAM_INBOUND_CHAT_PER_MINUTE: 30,
      TELEGRAM_INBOUND_USER_PER_MINUTE: 15,
      TELEGRAM_OUTGOING_CHAT_QUEUE_MAX: 50,
    });
    expect(config({ TELEGRAM_INBOUND_CHAT_PER_MINUTE: '120' }).TELEGRAM_INBOUND_CHAT_PER_MINUTE).toBe(120);
    expect(() => config({ TELEGRAM_INBOUND_USER_PER_MINUTE: '0' })).toThrow(
      /TELEGRAM_INBOUND_USER_PER_MINUTE: must be at least 1/,
    );
    expect(() => config({ TELEGRAM_INBOUND_CHAT_PER_MINUTE: 'lots' })).toThrow(
      /TELEGRAM_INBOUND_CHAT_PER_MINUTE: must be a whole number/,
    );
    expect(() => config({ TELEGRAM_OUTGOING_CHAT_QUEUE_MAX: '1000000' })).toThrow(
      /TELEGRAM_OUTGOING_CHAT_QUEUE_MAX: must be at most 10000/,
    );
  });

  it('takes an https wallet URL and a BotFather short name, both optional', () => {
    const config = (env: Record<string, string>) =>
      loadConfig(GatewayConfigSchema, { ...TEST_BUS_ENV, TELEGRAM_BOT_TOKEN: '123:abc', ...env });
    expect(config({ TELEGRAM_WALLET_URL: '', TELEGRAM_WALLET_SHORT_NAME: '' })).toMatchObject({
      TELEGRAM_WALLET_URL: undefined,
      TELEGRAM_WALLET_SHORT_NAME: undefined,
    });
    expect(
      config({
        TELEGRAM_WALLET_URL: 'https://tickets.example.com/app',
        TELEGRAM_WALLET_SHORT_NAME: 'wallet',
      }),
    ).toMatchObject({
      TELEGRAM_WALLET_URL: 'https://tickets.example.com/app',
      TELEGRAM_WALLET_SHORT_NAME: 'wallet',
    });
    expect(() => config({ TELEGRAM_WALLET_URL: 'http://tickets.example.com/app' })).toThrow(
      /TELEGRAM_WALLET_URL: must be an https URL/,
    );
    expect(() => config({ TELEGRAM_WALLET_SHORT_NAME: 'my wallet' })).toThrow(/TELEGRAM_WALLET_SHORT_NAME/);
  });
});
