import { z } from 'zod';
import { BaseEnvSchema, ConfigError, PortSchema, loadConfig } from './config';

const Schema = BaseEnvSchema.extend({ HTTP_PORT: PortSchema.default(3001) });

describe('loadConfig', () => {
  it('fills defaults for a bare environment', () => {
    expect(loadConfig(Schema, {})).toEqual({
      NATS_URL: 'nats://127.0.0.1:4222',
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

  it('reports a required variable that is not set', () => {
    const WithToken = Schema.extend({ TOKEN: z.string().min(1) });
    expect(() => loadConfig(WithToken, {})).toThrow(/TOKEN: .*\(not set\)/);
  });
});
