import { existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { killChild, spawnGuarded, type GuardedChild } from './child-process';
import { freePort } from './free-port';
import { findRepoRoot } from './repo-root';
import { waitFor } from './wait-for';

/** Where Debian's nginx package puts the binary (`apt-get install nginx-light`). */
const NGINX_CANDIDATES = ['/usr/sbin/nginx', '/usr/bin/nginx'];

export interface NginxFront {
  readonly url: string;
  readonly logPath: string;
  stop(): Promise<void>;
}

/**
 * The loopback ports of the replicas behind the load balancer, by the compose service each stands for. A
 * service left out keeps the shipped Docker DNS name, which nobody answers here: its requests fail (502), as
 * in compose when its profile is not running.
 */
export interface NginxReplicas {
  apiGateway?: number[];
  telegramGateway?: number[];
}

/** What the shipped file proxies each service to, and the upstream block the tests put in its place. */
const PROXIED: Record<keyof NginxReplicas, { shipped: string; upstream: string }> = {
  apiGateway: { shipped: 'proxy_pass http://$api_gateway;', upstream: 'api_gateway_replicas' },
  telegramGateway: { shipped: 'proxy_pass http://$telegram_gateway;', upstream: 'telegram_gateway_replicas' },
};

/** This machine's nginx, or undefined when it has none (the tests then spread requests themselves). */
export function findNginx(): string | undefined {
  return NGINX_CANDIDATES.find((path) => existsSync(path));
}

/**
 * The shipped infra/nginx/api.conf, changed only where Docker is not here: the replicas are the given
 * loopback ports (an upstream block instead of Docker's DNS, which local processes are not in) and it
 * listens on a free loopback port. Everything else (locations, headers, WebSocket upgrades, retries,
 * timeouts) is the file as compose runs it.
 */
export function adaptShippedConfig(replicas: NginxReplicas, listenPort: number): string {
  const shipped = readFileSync(join(findRepoRoot(), 'infra', 'nginx', 'api.conf'), 'utf8');
  const replace = (text: string, from: string, to: string): string => {
    if (!text.includes(from)) throw new Error(`infra/nginx/api.conf no longer has "${from}": adapt the test`);
    return text.replace(from, to);
  };
  let conf = replace(shipped, 'listen 80;', `listen 127.0.0.1:${listenPort};`);
  let upstreams = '';
  for (const service of Object.keys(PROXIED) as (keyof NginxReplicas)[]) {
    const ports = replicas[service];
    if (ports === undefined) continue;
    if (ports.length === 0) throw new Error(`no replica ports for ${service}`);
    const { shipped: proxyPass, upstream } = PROXIED[service];
    conf = replace(conf, proxyPass, `proxy_pass http://${upstream};`);
    upstreams += `upstream ${upstream} {\n${ports.map((port) => `    server 127.0.0.1:${port};\n`).join('')}}\n`;
  }
  return `${upstreams}${conf}`;
}

/** nginx in the foreground with the adapted configuration, logging into dir; resolves once it answers. */
export async function startNginxFront(
  binary: string,
  replicas: NginxReplicas,
  dir: string,
): Promise<NginxFront> {
  const port = await freePort();
  writeFileSync(join(dir, 'api.conf'), adaptShippedConfig(replicas, port));
  const logPath = join(dir, 'nginx.log');
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      'daemon off;',
      `pid ${join(dir, 'nginx.pid')};`,
      `error_log ${logPath} warn;`,
      'events { worker_connections 1024; }',
      'http {',
      `  access_log ${join(dir, 'access.log')};`,
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
        (kind) => `  ${kind}_temp_path ${join(dir, `${kind}-temp`)};`,
      ),
      `  include ${join(dir, 'api.conf')};`,
      '}',
      '',
    ].join('\n'),
  );
  const output = openSync(logPath, 'a');
  const child: GuardedChild = await spawnGuarded(binary, ['-p', dir, '-c', join(dir, 'nginx.conf')], {
    stdio: ['ignore', output, output],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.child.exitCode !== null) throw new Error(`nginx exited: ${readFileSync(logPath, 'utf8')}`);
      const reply = await fetch(`${url}/lb-healthz`);
      return reply.status === 200;
    },
    { timeoutMs: 10_000, description: 'nginx to answer /lb-healthz' },
  );
  return {
    url,
    logPath,
    async stop() {
      await killChild(child, 'SIGTERM');
    },
  };
}
