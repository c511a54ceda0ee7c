import { TEST_BUS_ENV } from '@ticketonomics/testing';
import { loadConfig } from '@ticketonomics/runtime';
import { AccountsConfigSchema, webhookSettingsOf } from './accounts.config';

describe('accounts config: WEBHOOK_ALLOW_PRIVATE_ADDRESSES', () => {
  it('is off unless set to true', () => {
    expect(webhookSettingsOf(loadConfig(AccountsConfigSchema, TEST_BUS_ENV)).allowPrivateAddresses).toBe(
      false,
    );
    const allowed = loadConfig(AccountsConfigSchema, {
      ...TEST_BUS_ENV,
      WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
    });
    expect(webhookSettingsOf(allowed).allowPrivateAddresses).toBe(true);
    const refused = loadConfig(AccountsConfigSchema, {
      ...TEST_BUS_ENV,
      WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'false',
    });
    expect(webhookSettingsOf(refused).allowPrivateAddresses).toBe(false);
  });

  it('refuses anything but true or false, naming the variable', () => {
    expect(() =>
      loadConfig(AccountsConfigSchema, { ...TEST_BUS_ENV, WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'yes' }),
    ).toThrow('WEBHOOK_ALLOW_PRIVATE_ADDRESSES: must be true or false (got "yes")');
  });
});

describe('accounts config: replicas', () => {
  it('has defaults like the partitioned services, and no replica id (the host name is used)', () => {
    const config = loadConfig(AccountsConfigSchema, TEST_BUS_ENV);
    expect(config).toMatchObject({
      ACCOUNTS_PARTITIONS: 1,
      ACCOUNTS_LEASE_TTL_MS: 6_000,
      ACCOUNTS_OWNER_WAIT_MS: 3_000,
      ACCOUNTS_OWNER_TIMEOUT_MS: 4_500,
      ACCOUNTS_IN_FLIGHT_MAX: 20_000,
    });
    expect(config.ACCOUNTS_REPLICA_ID).toBeUndefined();
  });

  it('refuses a lease shorter than a round trip and a replica id that cannot be a lease key', () => {
    expect(() => loadConfig(AccountsConfigSchema, { ...TEST_BUS_ENV, ACCOUNTS_LEASE_TTL_MS: '100' })).toThrow(
      'ACCOUNTS_LEASE_TTL_MS: must be at least 1500 milliseconds',
    );
    expect(() => loadConfig(AccountsConfigSchema, { ...TEST_BUS_ENV, ACCOUNTS_REPLICA_ID: 'a.b' })).toThrow(
      'ACCOUNTS_REPLICA_ID: must be 1-64 characters',
    );
  });

  it('takes a count of community partitions up to the most the bus grants webhook durables for', () => {
    expect(
      loadConfig(AccountsConfigSchema, { ...TEST_BUS_ENV, ACCOUNTS_PARTITIONS: '6' }).ACCOUNTS_PARTITIONS,
    ).toBe(6);
    expect(() => loadConfig(AccountsConfigSchema, { ...TEST_BUS_ENV, ACCOUNTS_PARTITIONS: '0' })).toThrow(
      'ACCOUNTS_PARTITIONS: must be at least 1 partitions',
    );
    expect(() => loadConfig(AccountsConfigSchema, { ...TEST_BUS_ENV, ACCOUNTS_PARTITIONS: '33' })).toThrow(
      'ACCOUNTS_PARTITIONS: must be at most 32 partitions',
    );
  });
});
