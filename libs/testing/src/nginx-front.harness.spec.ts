import { adaptShippedConfig } from './nginx-front.harness';

describe('adaptShippedConfig', () => {
  it('puts loopback upstreams in place of the Docker names of the services given, and listens on loopback', () => {
    const conf = adaptShippedConfig({ apiGateway: [4001, 4002], telegramGateway: [4101] }, 4000);
    expect(conf).toContain('listen 127.0.0.1:4000;');
    expect(conf).toContain(
      'upstream api_gateway_replicas {\n    server 127.0.0.1:4001;\n    server 127.0.0.1:4002;\n}',
    );
    expect(conf).toContain('upstream telegram_gateway_replicas {\n    server 127.0.0.1:4101;\n}');
    expect(conf).toContain('proxy_pass http://api_gateway_replicas;');
    expect(conf).toContain('proxy_pass http://telegram_gateway_replicas;');
    expect(conf).not.toMatch(/proxy_pass http:\/\/\$/);
  });

  it('leaves a service not given on its Docker name, as compose does without its profile', () => {
    const conf = adaptShippedConfig({ apiGateway: [4001] }, 4000);
    expect(conf).toContain('proxy_pass http://$telegram_gateway;');
    expect(conf).not.toContain('telegram_gateway_replicas');
  });
});
