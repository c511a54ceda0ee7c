import { TEST_BUS_ENV } from '@ticketonomics/testing';
import { loadConfig } from '@ticketonomics/runtime';
import { ArtifactsConfigSchema } from './artifacts.config';

describe('ArtifactsConfigSchema', () => {
  it('has named defaults, with the test fault hook off', () => {
    const config = loadConfig(ArtifactsConfigSchema, TEST_BUS_ENV);
    expect(config).toMatchObject({
      HTTP_PORT: 3003,
      ARTIFACTS_HOLD_TIMEOUT_MS: 600_000,
      ARTIFACTS_SAGA_GRACE_MS: 30_000,
      ARTIFACTS_FAULT_AFTER: 'off',
    });
  });

  it('refuses a bad value, naming the variable', () => {
    expect(() =>
      loadConfig(ArtifactsConfigSchema, { ...TEST_BUS_ENV, ARTIFACTS_FAULT_AFTER: 'sometimes' }),
    ).toThrow(/ARTIFACTS_FAULT_AFTER: must be one of off, hold, item, post/);
    expect(() =>
      loadConfig(ArtifactsConfigSchema, { ...TEST_BUS_ENV, ARTIFACTS_HOLD_TIMEOUT_MS: '10' }),
    ).toThrow(/ARTIFACTS_HOLD_TIMEOUT_MS/);
  });
});
