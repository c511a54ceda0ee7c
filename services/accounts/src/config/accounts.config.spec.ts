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
