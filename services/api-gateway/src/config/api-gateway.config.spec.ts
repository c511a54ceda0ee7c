import { TEST_BUS_ENV } from '@ticketonomics/testing';
import { ConfigError, loadConfig } from '@ticketonomics/runtime';
import { ApiGatewayConfigSchema } from './api-gateway.config';

describe('ApiGatewayConfigSchema', () => {
  it('defaults to port 3000 (infra/service-ports.json) and explicit limits', () => {
    const config = loadConfig(ApiGatewayConfigSchema, TEST_BUS_ENV);
    expect(config.HTTP_PORT).toBe(3000);
    expect(config.API_KEY_CACHE_TTL_MS).toBe(30_000);
    expect(config.API_BODY_MAX_BYTES).toBe(65_536);
    expect(config.WS_SEND_BUFFER_MAX_BYTES).toBe(1_048_576);
    expect(config.AUTH_FAILURES_PER_MINUTE_MAX).toBe(20);
    expect(config.API_KEY_REJECTED_CACHE_TTL_MS).toBe(30_000);
    // No proxy is trusted unless configured: X-Forwarded-For is the client's own word.
    expect(config.TRUST_PROXY_HOPS).toBe(0);
  });

  it('takes a proxy hop count, and refuses anything else', () => {
    expect(
      loadConfig(ApiGatewayConfigSchema, { ...TEST_BUS_ENV, TRUST_PROXY_HOPS: '1' }).TRUST_PROXY_HOPS,
    ).toBe(1);
    expect(() => loadConfig(ApiGatewayConfigSchema, { ...TEST_BUS_ENV, TRUST_PROXY_HOPS: 'true' })).toThrow(
      /TRUST_PROXY_HOPS: must be a whole number of hops/,
    );
    expect(() => loadConfig(ApiGatewayConfigSchema, { ...TEST_BUS_ENV, TRUST_PROXY_HOPS: '-1' })).toThrow(
      ConfigError,
    );
  });

  it('names a bad limit and its unit', () => {
    expect(() => loadConfig(ApiGatewayConfigSchema, { ...TEST_BUS_ENV, WS_PING_INTERVAL_MS: '5' })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig(ApiGatewayConfigSchema, { ...TEST_BUS_ENV, WS_PING_INTERVAL_MS: '5' })).toThrow(
      /WS_PING_INTERVAL_MS: must be at least 100 ms/,
    );
  });

  it("leaves the wallet's sign-in off unless configured, and checks its token, secret and bounded lifetimes", () => {
    const off = loadConfig(ApiGatewayConfigSchema, {
      ...TEST_BUS_ENV,
      TELEGRAM_BOT_TOKEN: '',
      APP_SESSION_SECRET: '',
    });
    expect([off.TELEGRAM_BOT_TOKEN, off.APP_SESSION_SECRET]).toEqual([undefined, undefined]);
    expect([off.APP_AUTH_MAX_AGE_MS, off.APP_SESSION_TTL_MS]).toEqual([300_000, 900_000]);
    const on = loadConfig(ApiGatewayConfigSchema, {
      ...TEST_BUS_ENV,
      TELEGRAM_BOT_TOKEN: '7012345678:AAHk2x9Qm3VbT8pLr5Nc0WjZyE4uFsD1gOi',
      APP_SESSION_SECRET: 'x'.repeat(32),
    });
    expect(on.TELEGRAM_BOT_TOKEN).toBe('7012345678:AAHk2x9Qm3VbT8pLr5Nc0WjZyE4uFsD1gOi');
    expect(() =>
      loadConfig(ApiGatewayConfigSchema, { ...TEST_BUS_ENV, APP_SESSION_SECRET: 'short' }),
    ).toThrow(
      /APP_SESSION_SECRET: must be at least 32 characters \(got a value of 5 characters, not shown\)/,
    );
    expect(() =>
      loadConfig(ApiGatewayConfigSchema, { ...TEST_BUS_ENV, TELEGRAM_BOT_TOKEN: 'not-a-token' }),
    ).toThrow(/TELEGRAM_BOT_TOKEN: must be a bot token/);
    expect(() =>
      loadConfig(ApiGatewayConfigSchema, { ...TEST_BUS_ENV, APP_AUTH_MAX_AGE_MS: '100000000' }),
    ).toThrow(/APP_AUTH_MAX_AGE_MS: must be at most 86400000 ms/);
    expect(() => loadConfig(ApiGatewayConfigSchema, { ...TEST_BUS_ENV, APP_SESSION_TTL_MS: '1000' })).toThrow(
      /APP_SESSION_TTL_MS: must be at least 60000 ms/,
    );
  });
});
