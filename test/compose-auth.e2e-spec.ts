/**
 * What docker compose does on its first boot, run as local processes: the nats-auth step
 * (infra/scripts/nats-auth-init.mjs) makes the credentials, and nats-server runs the shipped
 * infra/nats/nats.conf with them mounted where compose mounts them. Each service's own folder signs it in
 * with its role's permissions; a second boot keeps the credentials.
 */
import { readBusCredentials } from '@ticketonomics/bus-auth';
import { LedgerCommands, SERVICE_ROLES } from '@ticketonomics/contracts';
import {
  busRefusal,
  findRepoRoot,
  freePort,
  httpGetStatus,
  makeTempDir,
  removeDir,
  spawnGuarded,
  stopChild,
  waitFor,
  type GuardedChild,
} from '@ticketonomics/testing';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, nkeyAuthenticator } from '@nats-io/transport-node';
import { natsAuthOptions } from '@ticketonomics/bus-auth';

describe('docker compose first boot, as local processes', () => {
  const root = findRepoRoot();
  let dir: string;
  let server: GuardedChild;
  let url: string;

  const runInit = () =>
    execFileSync(process.execPath, [join(root, 'infra', 'scripts', 'nats-auth-init.mjs')], {
      env: {
        ...process.env,
        NATS_CREDENTIALS_DIR: join(dir, 'secrets', 'credentials'),
        NATS_SERVICE_CREDENTIALS_DIR: join(dir, 'secrets', 'services'),
        NATS_SECRETS_UID: String(process.getuid?.() ?? 0),
        NATS_SECRETS_GID: String(process.getgid?.() ?? 0),
      },
      encoding: 'utf8',
    });

  beforeAll(async () => {
    dir = await makeTempDir('compose-auth-');
    expect(runInit()).toContain('made credentials for ledger');
    // /etc/nats/ticketonomics.conf and /etc/nats/auth, as the compose file mounts them.
    mkdirSync(join(dir, 'etc'));
    // The shipped file with its two host paths moved into this test's directory: /data and the ports.
    const [port, monitor] = [await freePort(), await freePort()];
    const shipped = readFileSync(join(root, 'infra', 'nats', 'nats.conf'), 'utf8');
    const moved = shipped
      .replace('store_dir: "/data"', `store_dir: ${JSON.stringify(join(dir, 'data'))}`)
      .replace(/^port: 4222$/m, `listen: "127.0.0.1:${port}"`)
      .replace(/^http_port: 8222$/m, `http: "127.0.0.1:${monitor}"`);
    expect(moved).not.toBe(shipped);
    writeFileSync(join(dir, 'etc', 'ticketonomics.conf'), moved);
    symlinkSync(join(dir, 'secrets', 'credentials'), join(dir, 'etc', 'auth'));
    url = `nats://127.0.0.1:${port}`;
    server = await spawnGuarded('/usr/sbin/nats-server', ['-c', join(dir, 'etc', 'ticketonomics.conf')], {
      cwd: dir,
      stdio: 'ignore',
    });
    await waitFor(async () => (await httpGetStatus(`http://127.0.0.1:${monitor}/healthz`)) === 200, {
      timeoutMs: 10_000,
      description: 'nats-server with the shipped configuration',
    });
  });

  afterAll(async () => {
    if (server !== undefined) await stopChild(server, 5_000);
    await removeDir(dir);
  });

  it.each(SERVICE_ROLES)(
    'signs %s in with the one file its container mounts, private to it',
    async (role) => {
      const file = join(dir, 'secrets', 'services', role, 'nats.creds');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(join(dir, 'secrets', 'services', role)).mode & 0o777).toBe(0o700);
      expect(readBusCredentials(file)).toMatchObject({ user: role, role });
      const nc = await connect({ servers: url, reconnect: false, ...natsAuthOptions(file) });
      try {
        if (role !== 'ledger') {
          expect(
            await busRefusal(nc.request(LedgerCommands.balanceGet.subject, '{}', { timeout: 2_000 })),
          ).toBe(
            ['api-gateway', 'telegram-gateway'].includes(role) ? 'no-responders' : 'permissions-violation',
          );
        }
      } finally {
        await nc.close();
      }
    },
  );

  it('refuses a client without credentials, and keeps every secret on a second boot', async () => {
    expect(await busRefusal(connect({ servers: url, reconnect: false }))).toBe('authorization-violation');
    const before = readFileSync(join(dir, 'secrets', 'credentials', 'ledger.creds'), 'utf8');
    expect(runInit()).toContain('credentials kept');
    expect(readFileSync(join(dir, 'secrets', 'credentials', 'ledger.creds'), 'utf8')).toBe(before);
    const seed = readBusCredentials(join(dir, 'secrets', 'credentials', 'operator.creds')).seed;
    const operator = await connect({
      servers: url,
      reconnect: false,
      authenticator: nkeyAuthenticator(new TextEncoder().encode(seed)),
      inboxPrefix: '_INBOX.operator',
    });
    await operator.close();
    expect(readFileSync(join(dir, 'secrets', 'credentials', 'auth.conf'), 'utf8')).not.toContain(seed);
  });
});
