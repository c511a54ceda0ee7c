import { connectNats } from './nats.connection';
import { makeTempDir, removeDir, startNatsServer, type NatsServerHarness } from '@ticketonomics/testing';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import pino from 'pino';

/** A self-signed certificate for 127.0.0.1 made now with openssl; its own CA. nats.js checks the name localhost. */
function selfSignedCertificate(dir: string): { certFile: string; keyFile: string; caFile: string } {
  const certFile = join(dir, 'server.crt');
  const keyFile = join(dir, 'server.key');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  return { certFile, keyFile, caFile: certFile };
}

describe('NATS over TLS', () => {
  let dir: string;
  let nats: NatsServerHarness;

  beforeAll(async () => {
    dir = await makeTempDir('nats-tls-');
    nats = await startNatsServer({ tls: selfSignedCertificate(dir) });
  });

  afterAll(async () => {
    await nats?.dispose();
    await removeDir(dir);
  });

  it('connects a service that verifies the server with NATS_TLS_CA_FILE, and signs it in', async () => {
    const env = nats.serviceEnv('ledger');
    expect(env['NATS_TLS_CA_FILE']).toBe(join(dir, 'server.crt'));
    const nc = await connectNats(
      {
        url: env['NATS_URL'],
        name: 'ledger',
        credentialsFile: env['NATS_CREDENTIALS_FILE'],
        tlsCaFile: env['NATS_TLS_CA_FILE'],
      },
      pino({ level: 'silent' }),
    );
    try {
      expect(nc.info?.tls_required).toBe(true);
      await nc.flush();
    } finally {
      await nc.close();
    }
  });

  it('refuses a client that does not trust the certificate, and one that will not speak TLS', async () => {
    await expect(connect({ servers: nats.url, reconnect: false, timeout: 3_000 })).rejects.toThrow();
    await expect(
      connect({
        servers: nats.url,
        reconnect: false,
        timeout: 3_000,
        tls: { caFile: '/etc/ssl/certs/ca-certificates.crt' },
      }),
    ).rejects.toThrow(/self.signed|certificate/i);
  });
});
