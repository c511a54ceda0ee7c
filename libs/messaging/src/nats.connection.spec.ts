import { redactNatsUrl } from './nats.connection';

describe('redactNatsUrl', () => {
  it('hides the user and password of every server, and leaves a plain URL as it is', () => {
    expect(redactNatsUrl('nats://ledger:hunter2@nats:4222')).toBe('nats://***@nats:4222');
    expect(redactNatsUrl('nats://a:b@h1:4222,tls://token@h2:4222')).toBe(
      'nats://***@h1:4222,tls://***@h2:4222',
    );
    expect(redactNatsUrl('nats://127.0.0.1:4222')).toBe('nats://127.0.0.1:4222');
  });
});
