import { z } from 'zod';
import { BaseEnvSchema, ConfigError, PortSchema, loadConfig } from './config';

const Schema = BaseEnvSchema.extend({ HTTP_PORT: PortSchema.default(3001) });

describe('loadConfig', () => {
  it('fills defaults for an environment with only the NATS credentials', () => {
    expect(loadConfig(Schema, { NATS_CREDENTIALS_FILE: '/run/secrets/nats.creds' })).toEqual({
      NATS_URL: 'nats://127.0.0.1:4222',
      NATS_CREDENTIALS_FILE: '/run/secrets/nats.creds',
      NATS_REPLICAS: 1,
      DATA_DIR: './data',
      LOG_LEVEL: 'info',
      HTTP_HOST: '0.0.0.0',
      HTTP_PORT: 3001,
    });
  });

  it('names every bad variable, what it must be and what it got', () => {
    try {
      loadConfig(Schema, { NATS_URL: 'localhost', HTTP_PORT: 'eighty', LOG_LEVEL: 'loud' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toContain('NATS_URL: must be a NATS URL');
      expect(message).toContain('got "localhost"');
      expect(message).toContain('HTTP_PORT');
      expect(message).toContain('got "eighty"');
      expect(message).toContain('LOG_LEVEL');
    }
  });

  it('takes NATS_REPLICAS 1 (one server) or 3 (a cluster of three), nothing else', () => {
    const env = { NATS_CREDENTIALS_FILE: 'x', NATS_URL: 'nats://n1:4222,nats://n2:4222,nats://n3:4222' };
    expect(loadConfig(Schema, { ...env, NATS_REPLICAS: '3' })).toMatchObject({ NATS_REPLICAS: 3 });
    for (const bad of ['2', '0', 'three']) {
      expect(() => loadConfig(Schema, { ...env, NATS_REPLICAS: bad })).toThrow(
        /NATS_REPLICAS: must be 1 \(one NATS server\) or 3 \(a NATS cluster of three nodes\)/,
      );
    }
  });

  it('requires NATS credentials, saying where npm start keeps them', () => {
    expect(() => loadConfig(Schema, {})).toThrow(
      /NATS_CREDENTIALS_FILE: .*DATA_DIR\/nats\/credentials.*\(not set\)/,
    );
  });

  it('never prints a secret: a bad token is described by its length, a URL without its password', () => {
    const WithToken = Schema.extend({ TELEGRAM_BOT_TOKEN: z.string().regex(/^\d+:[\w-]+$/) });
    let message = '';
    try {
      loadConfig(WithToken, {
        NATS_CREDENTIALS_FILE: 'x',
        NATS_URL: 'nats://ledger:hunter2@nats host',
        TELEGRAM_BOT_TOKEN: 'sekret token value',
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('TELEGRAM_BOT_TOKEN');
    expect(message).toContain('a value of 18 characters, not shown');
    expect(message).toContain('nats://***@nats host');
    expect(message).not.toMatch(/sekret|hunter2/);
  });

  it('reports a required variable that is not set', () => {
    const WithToken = Schema.extend({ TOKEN: z.string().min(1) });
    expect(() => loadConfig(WithToken, {})).toThrow(/TOKEN: .*\(not set\)/);
  });
});
