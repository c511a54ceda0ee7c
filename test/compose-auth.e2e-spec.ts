/**
 * What docker compose does on its first boot, run as local processes: the nats-auth step
 * (infra/scripts/nats-auth-init.mjs) makes the credentials and the cluster's route password, and three
 * nats-servers run the shipped infra/nats/nats.conf as one JetStream cluster, with them mounted where
 * compose mounts them. Each service's own folder signs it in with its role's permissions; a second boot
 * keeps the credentials and the route password.
 */
import { readBusCredentials } from '@ticketonomics/bus-auth';
import { BUS_ROLES, LedgerCommands, SERVICE_ROLES } from '@ticketonomics/contracts';
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
  const servers: GuardedChild[] = [];
  let url: string;
  let monitors: number[];
  let routes: number[];

  const runInit = () =>
    execFileSync(process.execPath, [join(root, 'infra', 'scripts', 'nats-auth-init.mjs')], {
      env: {
        ...process.env,
        NATS_CREDENTIALS_DIR: join(dir, 'secrets', 'credentials'),
        NATS_SERVICE_CREDENTIALS_DIR: join(dir, 'secrets', 'services'),
        NATS_SECRETS_UID: String(process.getuid?.() ?? 0),
        NATS_SECRETS_GID: String(process.getgid?.() ?? 0),
        NATS_CLUSTER_ROUTES: routes.map((port) => `127.0.0.1:${port}`).join(','),
      },
      encoding: 'utf8',
    });

  beforeAll(async () => {
    dir = await makeTempDir('compose-auth-');
    const ports = await Promise.all([1, 2, 3].map(async () => await freePort()));
    monitors = await Promise.all([1, 2, 3].map(async () => await freePort()));
    routes = await Promise.all([1, 2, 3].map(async () => await freePort()));
    expect(runInit()).toContain('made credentials for ledger');
    const shipped = readFileSync(join(root, 'infra', 'nats', 'nats.conf'), 'utf8');
    for (const [i, port] of ports.entries()) {
      // /etc/nats/ticketonomics.conf and /etc/nats/auth, as the compose file mounts them on every node; the
      // shipped file with its host paths moved into this test's directory: /data and the ports.
      const etc = join(dir, `etc-${i + 1}`);
      mkdirSync(etc);
      const moved = shipped
        .replace('store_dir: "/data"', `store_dir: ${JSON.stringify(join(dir, `data-${i + 1}`))}`)
        .replace(/^port: 4222$/m, `listen: "127.0.0.1:${port}"`)
        .replace(/^http_port: 8222$/m, `http: "127.0.0.1:${monitors[i]}"`)
        .replace(/^ {2}listen: 0\.0\.0\.0:6222$/m, `  listen: "127.0.0.1:${routes[i]}"`);
      expect(moved.match(/127\.0\.0\.1/g)).toHaveLength(3);
      writeFileSync(join(etc, 'ticketonomics.conf'), moved);
      symlinkSync(join(dir, 'secrets', 'credentials'), join(etc, 'auth'));
      servers.push(
        await spawnGuarded('/usr/sbin/nats-server', ['-c', join(etc, 'ticketonomics.conf')], {
          cwd: dir,
          env: { ...process.env, NATS_SERVER_NAME: `nats-${i + 1}` },
          stdio: 'ignore',
        }),
      );
    }
    url = `nats://127.0.0.1:${ports[0]}`;
    for (const monitor of monitors) {
      await waitFor(async () => (await httpGetStatus(`http://127.0.0.1:${monitor}/healthz`)) === 200, {
        timeoutMs: 20_000,
        description: 'three nats-servers with the shipped configuration, as one cluster',
      });
    }
  });

  afterAll(async () => {
    for (const server of servers) await stopChild(server, 5_000);
    await removeDir(dir);
  });

  it('runs the three nodes as one JetStream cluster whose routes authenticate', async () => {
    const jsz = (await (await fetch(`http://127.0.0.1:${monitors[0]}/jsz`)).json()) as {
      meta_cluster: { name: string; leader?: string; cluster_size: number };
    };
    expect(jsz.meta_cluster).toMatchObject({ name: 'ticketonomics', cluster_size: 3 });
    expect(['nats-1', 'nats-2', 'nats-3']).toContain(jsz.meta_cluster.leader);
    const clusterConf = join(dir, 'secrets', 'credentials', 'cluster.conf');
    expect(statSync(clusterConf).mode & 0o777).toBe(0o600);
    expect(readFileSync(clusterConf, 'utf8')).toMatch(
      /authorization \{ user: route, password: "[0-9a-f]{48}" \}/,
    );
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
          // No ledger runs here: a role allowed to ask meets no responder, any other is refused by the server.
          const allowed = BUS_ROLES[role].requests.includes(LedgerCommands.balanceGet);
          expect(
            await busRefusal(nc.request(LedgerCommands.balanceGet.subject, '{}', { timeout: 2_000 })),
          ).toBe(allowed ? 'no-responders' : 'permissions-violation');
        }
      } finally {
        await nc.close();
      }
    },
  );

  it('refuses a client without credentials, and keeps every secret on a second boot', async () => {
    expect(await busRefusal(connect({ servers: url, reconnect: false }))).toBe('authorization-violation');
    const before = readFileSync(join(dir, 'secrets', 'credentials', 'ledger.creds'), 'utf8');
    const routesBefore = readFileSync(join(dir, 'secrets', 'credentials', 'cluster.conf'), 'utf8');
    expect(runInit()).toContain('credentials kept');
    expect(readFileSync(join(dir, 'secrets', 'credentials', 'ledger.creds'), 'utf8')).toBe(before);
    expect(readFileSync(join(dir, 'secrets', 'credentials', 'cluster.conf'), 'utf8')).toBe(routesBefore);
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
