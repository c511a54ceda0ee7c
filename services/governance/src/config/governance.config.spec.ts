import { TEST_BUS_ENV } from '@ticketonomics/testing';
import { loadConfig } from '@ticketonomics/runtime';
import { GovernanceConfigSchema } from './governance.config';

describe('GovernanceConfigSchema', () => {
  it('has named defaults, with the test fault hook off', () => {
    const config = loadConfig(GovernanceConfigSchema, TEST_BUS_ENV);
    expect(config).toMatchObject({
      HTTP_PORT: 3006,
      GOVERNANCE_TICK_INTERVAL_MS: 1_000,
      GOVERNANCE_APPLY_WINDOW_MS: 86_400_000,
      GOVERNANCE_PARTITIONS: 1,
      GOVERNANCE_FAULT_AFTER: 'off',
    });
  });

  it('refuses a bad value, naming the variable', () => {
    expect(() =>
      loadConfig(GovernanceConfigSchema, { ...TEST_BUS_ENV, GOVERNANCE_FAULT_AFTER: 'sometimes' }),
    ).toThrow(/GOVERNANCE_FAULT_AFTER: must be one of off, apply/);
    expect(() =>
      loadConfig(GovernanceConfigSchema, { ...TEST_BUS_ENV, GOVERNANCE_TICK_INTERVAL_MS: '1' }),
    ).toThrow(/GOVERNANCE_TICK_INTERVAL_MS/);
  });
});
