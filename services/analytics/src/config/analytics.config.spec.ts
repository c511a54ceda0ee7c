import { TEST_BUS_ENV } from '@ticketonomics/testing';
import { ConfigError, loadConfig } from '@ticketonomics/runtime';
import { AnalyticsConfigSchema } from './analytics.config';

describe('analytics config', () => {
  it('has defaults for everything', () => {
    const config = loadConfig(AnalyticsConfigSchema, TEST_BUS_ENV);
    expect(config).toMatchObject({
      HTTP_PORT: 3004,
      ANALYTICS_BATCH_MAX: 500,
      ANALYTICS_HOURLY_KEPT_DAYS: 35,
      ANALYTICS_RETRY_MS: 1_000,
    });
    expect(config.ANALYTICS_REPLICA_ID).toMatch(/^[A-Za-z0-9_.-]{1,64}$/);
  });

  it('names a bad value', () => {
    expect(() =>
      loadConfig(AnalyticsConfigSchema, { ...TEST_BUS_ENV, ANALYTICS_HOURLY_KEPT_DAYS: '7' }),
    ).toThrow(ConfigError);
    expect(() => loadConfig(AnalyticsConfigSchema, { ...TEST_BUS_ENV, ANALYTICS_REPLICA_ID: 'a b' })).toThrow(
      /ANALYTICS_REPLICA_ID/,
    );
  });
});
