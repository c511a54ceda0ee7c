import { TEST_BUS_ENV } from '@ticketonomics/testing';
import { ConfigError, loadConfig } from '@ticketonomics/runtime';
import { AnalyticsConfigSchema } from './analytics.config';

describe('analytics config', () => {
  it('has defaults for everything', () => {
    const config = loadConfig(AnalyticsConfigSchema, TEST_BUS_ENV);
    expect(config).toMatchObject({
      HTTP_PORT: 3004,
      ANALYTICS_BATCH_MAX: 5_000,
      ANALYTICS_HOURLY_KEPT_DAYS: 35,
      ANALYTICS_RETRY_MS: 1_000,
      ANALYTICS_SLOTS_MAX: 16,
      ANALYTICS_SLOT_TTL_MS: 6_000,
    });
    // Unset (or empty, as compose passes it), the replica takes a slot instead of a named file.
    expect(config.ANALYTICS_REPLICA_ID).toBeUndefined();
    expect(
      loadConfig(AnalyticsConfigSchema, { ...TEST_BUS_ENV, ANALYTICS_REPLICA_ID: '' }).ANALYTICS_REPLICA_ID,
    ).toBeUndefined();
  });

  it('names a bad value', () => {
    expect(() =>
      loadConfig(AnalyticsConfigSchema, { ...TEST_BUS_ENV, ANALYTICS_HOURLY_KEPT_DAYS: '7' }),
    ).toThrow(ConfigError);
    expect(() => loadConfig(AnalyticsConfigSchema, { ...TEST_BUS_ENV, ANALYTICS_REPLICA_ID: 'a b' })).toThrow(
      /ANALYTICS_REPLICA_ID/,
    );
    expect(() =>
      loadConfig(AnalyticsConfigSchema, { ...TEST_BUS_ENV, ANALYTICS_SLOT_TTL_MS: '100' }),
    ).toThrow(/ANALYTICS_SLOT_TTL_MS: must be at least 1000/);
  });
});
