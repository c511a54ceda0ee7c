import { ConfigError, loadConfig } from '@ticketonomics/runtime';
import { ApiGatewayConfigSchema } from './api-gateway.config';

describe('ApiGatewayConfigSchema', () => {
  it('defaults to port 3000 (infra/service-ports.json) and explicit limits', () => {
    const config = loadConfig(ApiGatewayConfigSchema, {});
    expect(config.HTTP_PORT).toBe(3000);
    expect(config.API_KEY_CACHE_TTL_MS).toBe(30_000);
    expect(config.API_BODY_MAX_BYTES).toBe(65_536);
    expect(config.WS_SEND_BUFFER_MAX_BYTES).toBe(1_048_576);
  });

  it('names a bad limit and its unit', () => {
    expect(() => loadConfig(ApiGatewayConfigSchema, { WS_PING_INTERVAL_MS: '5' })).toThrow(ConfigError);
    expect(() => loadConfig(ApiGatewayConfigSchema, { WS_PING_INTERVAL_MS: '5' })).toThrow(
      /WS_PING_INTERVAL_MS: must be at least 100 ms/,
    );
  });
});
