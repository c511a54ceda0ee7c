import { ConfigError, loadConfig } from '@ticketonomics/runtime';
import { GatewayConfigSchema } from './gateway.config';

describe('gateway configuration', () => {
  it('needs a token, and says where to get one', () => {
    for (const env of [{}, { TELEGRAM_BOT_TOKEN: '' }]) {
      expect(() => loadConfig(GatewayConfigSchema, env)).toThrow(ConfigError);
      expect(() => loadConfig(GatewayConfigSchema, env)).toThrow(/TELEGRAM_BOT_TOKEN: .*BotFather/);
    }
    expect(() => loadConfig(GatewayConfigSchema, { TELEGRAM_BOT_TOKEN: 'not a token' })).toThrow(
      /TELEGRAM_BOT_TOKEN: must be a bot token/,
    );
  });

  it('polls Telegram on port 3005 by default; empty optional values count as unset', () => {
    const config = loadConfig(GatewayConfigSchema, {
      TELEGRAM_BOT_TOKEN: '123:abc',
      TELEGRAM_WEBHOOK_URL: '',
      TELEGRAM_API_ROOT: '',
    });
    expect(config).toMatchObject({ HTTP_PORT: 3005, TELEGRAM_BOT_TOKEN: '123:abc' });
    expect(config.TELEGRAM_WEBHOOK_URL).toBeUndefined();
    expect(config.TELEGRAM_API_ROOT).toBeUndefined();
  });

  it('refuses a malformed webhook URL', () => {
    expect(() =>
      loadConfig(GatewayConfigSchema, { TELEGRAM_BOT_TOKEN: '123:abc', TELEGRAM_WEBHOOK_URL: 'bot.example' }),
    ).toThrow(/TELEGRAM_WEBHOOK_URL/);
  });
});
