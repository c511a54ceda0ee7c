/**
 * docker-compose.yml and infra/Dockerfile by parsing, in a second: every service in services/ has a container,
 * wired to NATS, with its own named volume for DATA_DIR, a healthcheck, and the shared Dockerfile. Adding a
 * service directory without a compose entry fails here. `npm run test:compose` (test/compose/run.mjs, run by
 * .ci/run) builds and runs them for real.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_STREAM_LIMITS_DEFAULT } from '@ticketonomics/messaging';
import { LEDGER_JOURNAL_MAX_BYTES_DEFAULT } from '@ticketonomics/contracts';
import { parse } from 'yaml';

const root = join(__dirname, '..');
const composePath = join(root, 'docker-compose.yml');
const dockerfilePath = join(root, 'infra', 'Dockerfile');

/** HTTP ports per service, shared with infra/scripts/start.mjs. */
const HTTP_PORTS = JSON.parse(readFileSync(join(root, 'infra', 'service-ports.json'), 'utf8')) as Record<
  string,
  number
>;

interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string; args?: Record<string, string> | string[] };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  volumes?: Array<string | { type?: string; source?: string; target?: string }>;
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
}

interface ComposeFile {
  name?: string;
  services?: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

interface Mount {
  /** Named volume, or undefined for bind mounts and anonymous volumes. */
  volume?: string;
  target: string;
}

const compose = parse(readFileSync(composePath, 'utf8')) as ComposeFile;
const services = compose.services ?? {};
const declaredVolumes = Object.keys(compose.volumes ?? {});

/** Every directory in services/ is a service that must be deployable. */
const serviceDirs = readdirSync(join(root, 'services')).filter((name) =>
  statSync(join(root, 'services', name)).isDirectory(),
);

function envOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const at = entry.indexOf('=');
        return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(
    Object.entries(env).map(([key, value]) => [key, value == null ? '' : String(value)]),
  );
}

function isNamedVolume(source: string | undefined): source is string {
  return !!source && !/^[./~]/.test(source) && !source.includes('$');
}

function mountsOf(service: ComposeService): Mount[] {
  return (service.volumes ?? []).map((entry) => {
    if (typeof entry === 'string') {
      const parts = entry.split(':');
      if (parts.length === 1) return { target: parts[0] }; // anonymous volume
      return { volume: isNamedVolume(parts[0]) ? parts[0] : undefined, target: parts[1] };
    }
    const named = (entry.type ?? 'volume') === 'volume' && isNamedVolume(entry.source);
    return { volume: named ? entry.source : undefined, target: entry.target ?? '' };
  });
}

function argv(command: string | string[] | undefined): string[] {
  if (command === undefined) return [];
  return Array.isArray(command) ? command.map(String) : command.split(/\s+/).filter(Boolean);
}

function healthTest(service: ComposeService): string {
  const test = service.healthcheck?.test;
  return Array.isArray(test) ? test.join(' ') : (test ?? '');
}

function dependsOn(service: ComposeService): Record<string, string | undefined> {
  const deps = service.depends_on ?? [];
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((name) => [name, undefined]));
  return Object.fromEntries(Object.entries(deps).map(([name, dep]) => [name, dep?.condition]));
}

describe('docker-compose.yml', () => {
  it('parses and declares services', () => {
    expect(Object.keys(services).length).toBeGreaterThan(0);
  });

  it('leaves the project name to the folder, -p or COMPOSE_PROJECT_NAME: docker-compose 1.29 refuses `name:`', () => {
    expect(compose.name).toBeUndefined();
  });

  const NATS_NODES = ['nats', 'nats-2', 'nats-3'];
  const NATS_URLS = 'nats://nats:4222,nats://nats-2:4222,nats://nats-3:4222';

  describe.each(NATS_NODES)('NATS node %s', (nodeName) => {
    const nats = services[nodeName]!;
    const natsConf = readFileSync(join(root, 'infra', 'nats', 'nats.conf'), 'utf8');

    it('runs the shipped configuration under a server name of its own, on a volume of its own', () => {
      expect(nats.image).toBe(services['nats']!.image);
      expect(argv(nats.command)).toEqual(['-c', '/etc/nats/ticketonomics.conf']);
      expect(envOf(nats)['NATS_SERVER_NAME']).toBe(`nats-${NATS_NODES.indexOf(nodeName) + 1}`);
      expect(mountsOf(nats).find((m) => m.target === '/data')?.volume).toBe(`${nodeName}-data`);
      expect(mountsOf(nats).map((m) => m.target)).toContain('/etc/nats/auth');
      expect(dependsOn(nats)['nats-auth']).toBe('service_completed_successfully');
      expect(healthTest(nats)).toContain(':8222/healthz');
    });

    it('joins the cluster through routes whose password nats-auth generated, to every node', () => {
      expect(natsConf).toMatch(/^server_name: \$NATS_SERVER_NAME$/m);
      expect(natsConf).toMatch(/^cluster \{[^}]*listen: 0\.0\.0\.0:6222[^}]*include "auth\/cluster\.conf"/m);
      expect(envOf(services['nats-auth'] ?? {})['NATS_CLUSTER_ROUTES']).toBe(
        NATS_NODES.map((node) => `${node}:6222`).join(','),
      );
    });
  });

  describe('nats', () => {
    const nats = services['nats']!;

    it('runs the official NATS image unless NATS_IMAGE names another', () => {
      expect(nats).toBeDefined();
      expect(nats.image).toMatch(/^\$\{NATS_IMAGE:-nats:[^}]+\}$/);
    });

    const natsConf = readFileSync(join(root, 'infra', 'nats', 'nats.conf'), 'utf8');

    it('runs the shipped configuration alone: a reload re-reads only the file', () => {
      expect(argv(nats.command)).toEqual(['-c', '/etc/nats/ticketonomics.conf']);
      expect(mountsOf(nats).map((m) => m.target)).toContain('/etc/nats/ticketonomics.conf');
    });

    it('enables JetStream and stores it on a named volume', () => {
      const storeDir = /jetstream\s*\{[^}]*store_dir:\s*"([^"]+)"/.exec(natsConf)?.[1];
      expect(storeDir).toBe('/data');
      const mount = mountsOf(nats).find((m) => m.target === storeDir);
      expect(mount?.volume).toBeDefined();
    });

    it('reserves room in JetStream for every stream the services create', () => {
      const gib = Number(/max_file_store: (\d+)GB/.exec(natsConf)?.[1]);
      const auditGib = 1; // AUDIT_MAX_BYTES' default in the api-gateway
      expect(gib * 1024 ** 3).toBeGreaterThan(
        EVENT_STREAM_LIMITS_DEFAULT.maxBytes + LEDGER_JOURNAL_MAX_BYTES_DEFAULT + auditGib * 1024 ** 3,
      );
    });

    it('has a healthcheck on the monitoring port', () => {
      expect(natsConf).toMatch(/^http_port: 8222$/m);
      expect(healthTest(nats)).toContain(':8222/healthz');
    });

    it('loads the generated users, after nats-auth has made them', () => {
      expect(mountsOf(nats).map((m) => m.target)).toContain('/etc/nats/auth');
      expect(readFileSync(join(root, 'infra', 'nats', 'nats.conf'), 'utf8')).toMatch(
        /^include "auth\/auth.conf"/m,
      );
      expect(dependsOn(nats)['nats-auth']).toBe('service_completed_successfully');
      expect(argv(services['nats-auth']?.command)).toEqual(['node', 'infra/scripts/nats-auth-init.mjs']);
    });

    it('publishes the client and monitoring ports on loopback unless the operator chooses', () => {
      const ports = (nats as ComposeService & { ports?: string[] }).ports ?? [];
      expect(ports).toEqual([
        '${NATS_PUBLISH_ADDRESS:-127.0.0.1}:${NATS_PUBLISH_PORT:-4222}:4222',
        '${NATS_MONITOR_PUBLISH_ADDRESS:-127.0.0.1}:${NATS_MONITOR_PUBLISH_PORT:-8222}:8222',
      ]);
    });
  });

  it('finds at least one service directory', () => {
    expect(serviceDirs.length).toBeGreaterThan(0);
  });

  describe.each(serviceDirs)('service %s', (name) => {
    const service = services[name];

    it('has a compose service of the same name', () => {
      expect(service).toBeDefined();
    });

    it('builds from infra/Dockerfile with SERVICE set to its name', () => {
      const build = service?.build;
      expect(typeof build).toBe('object');
      if (typeof build !== 'object' || build === undefined) return;
      expect(build.dockerfile).toBe('infra/Dockerfile');
      const args = Array.isArray(build.args)
        ? Object.fromEntries(build.args.map((arg) => arg.split('=', 2)))
        : (build.args ?? {});
      expect(args['SERVICE']).toBe(name);
    });

    it('connects to every NATS node and replicates what it creates on three', () => {
      const env = envOf(service ?? {});
      expect(env['NATS_URL']).toBe(NATS_URLS);
      expect(env['NATS_REPLICAS']).toBe('3');
    });

    it('mounts only its own NATS credentials, read-only', () => {
      const file = envOf(service ?? {})['NATS_CREDENTIALS_FILE'];
      expect(file).toBe('/run/secrets/nats/nats.creds');
      const secretMounts = Object.entries(services).flatMap(([owner, other]) =>
        (other.volumes ?? [])
          .filter((entry): entry is string => typeof entry === 'string' && entry.startsWith('./secrets/'))
          .map((entry) => ({ owner, entry })),
      );
      const own = secretMounts.filter(({ entry }) => entry.startsWith(`./secrets/nats/services/${name}:`));
      expect(own).toEqual([{ owner: name, entry: `./secrets/nats/services/${name}:/run/secrets/nats:ro` }]);
      expect(secretMounts.filter(({ owner }) => owner === name)).toHaveLength(1);
    });

    it('keeps DATA_DIR on a named volume of its own', () => {
      const env = envOf(service ?? {});
      expect(env['DATA_DIR']).toBeTruthy();
      const mount = mountsOf(service ?? {}).find((m) => m.target === env['DATA_DIR']);
      expect(mount?.volume).toBeDefined();
    });

    it('sets its HTTP_PORT and health-checks it', () => {
      const env = envOf(service ?? {});
      const port = env['HTTP_PORT'];
      expect(port).toMatch(/^\d+$/);
      if (name in HTTP_PORTS) expect(Number(port)).toBe(HTTP_PORTS[name]);
      expect(healthTest(service ?? {})).toContain(`:${port}/healthz`);
    });

    it('waits for every NATS node to be healthy', () => {
      const deps = dependsOn(service ?? {});
      for (const node of NATS_NODES) expect(deps[node]).toBe('service_healthy');
    });
  });

  it('declares every named volume at the top level', () => {
    const used = Object.values(services).flatMap((service) =>
      mountsOf(service).flatMap((m) => (m.volume ? [m.volume] : [])),
    );
    expect(used.length).toBeGreaterThan(0);
    for (const volume of used) expect(declaredVolumes).toContain(volume);
  });

  it('never shares a named volume between two services', () => {
    const owners = new Map<string, string[]>();
    for (const [name, service] of Object.entries(services)) {
      for (const volume of new Set(mountsOf(service).flatMap((m) => (m.volume ? [m.volume] : [])))) {
        owners.set(volume, [...(owners.get(volume) ?? []), name]);
      }
    }
    const shared = [...owners].filter(([, names]) => names.length > 1);
    expect(shared).toEqual([]);
  });

  it('keeps secrets and .env out of the repository', () => {
    const ignored = readFileSync(join(root, '.gitignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['secrets/', '.env']));
  });

  describe('lb (the load balancer in front of the api-gateway replicas)', () => {
    const lb = (services['lb'] ?? {}) as ComposeService & { ports?: string[] };
    const gateway = services['api-gateway'] as ComposeService & { ports?: string[]; expose?: string[] };
    const conf = readFileSync(join(root, 'infra', 'nginx', 'api.conf'), 'utf8');

    it('runs the official nginx image unless LB_IMAGE names another, with the shipped configuration', () => {
      expect(lb.image).toMatch(/^\$\{LB_IMAGE:-nginx:[^}]+\}$/);
      expect(lb.volumes).toEqual(['./infra/nginx/api.conf:/etc/nginx/conf.d/default.conf:ro']);
    });

    it('publishes the HTTP API on the address and port the operator chooses (3000 by default)', () => {
      expect(lb.ports).toEqual(['${API_PUBLISH_ADDRESS:-0.0.0.0}:${API_PUBLISH_PORT:-3000}:80']);
      expect(conf).toMatch(/^\s*listen 80;/m);
    });

    it('leaves api-gateway without a host port, so `--scale api-gateway=N` needs no edit', () => {
      expect(gateway.ports).toBeUndefined();
      expect(gateway.expose).toEqual(['3000']);
      for (const [name, service] of Object.entries(services)) {
        const ports = (service as { ports?: string[] }).ports ?? [];
        if (!['lb', ...NATS_NODES].includes(name)) expect({ name, ports }).toEqual({ name, ports: [] });
      }
    });

    it("finds the replicas in Docker's DNS at request time and forwards WebSocket upgrades", () => {
      expect(conf).toMatch(/^resolver 127\.0\.0\.11 valid=\d+s/m);
      expect(conf).toContain('set $api_gateway api-gateway:3000;');
      expect(conf).toContain('proxy_pass http://$api_gateway;');
      expect(conf).toContain('proxy_set_header Upgrade $http_upgrade;');
      expect(conf).toContain('proxy_set_header Connection $connection_upgrade;');
      expect(conf).toMatch(/proxy_next_upstream error timeout;/);
      expect(conf).not.toMatch(/^\s*proxy_next_upstream\b[^;#]*non_idempotent/m);
    });

    it('forwards the client address, which the gateway believes from one proxy only', () => {
      expect(conf).toContain('proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;');
      expect(envOf(gateway)['TRUST_PROXY_HOPS']).toBe('1');
    });

    it('routes the Telegram webhook to the telegram-gateway replicas on their webhook port', () => {
      const port = envOf(services['telegram-gateway'] ?? {})['TELEGRAM_WEBHOOK_PORT'];
      expect(conf).toContain(`set $telegram_gateway telegram-gateway:${port};`);
      expect(conf).toMatch(/location \/telegram\/ \{\s*proxy_pass http:\/\/\$telegram_gateway;/);
    });

    it('starts after the gateway is healthy and has a health check of its own', () => {
      expect(dependsOn(lb)['api-gateway']).toBe('service_healthy');
      expect(healthTest(lb)).toContain('/lb-healthz');
      expect(conf).toMatch(/location = \/lb-healthz/);
    });
  });

  it('gives every service a distinct HTTP_PORT', () => {
    const ports = Object.values(services)
      .map((service) => envOf(service)['HTTP_PORT'])
      .filter((port): port is string => !!port);
    expect(new Set(ports).size).toBe(ports.length);
  });
});

describe('infra/Dockerfile', () => {
  it('exists and runs a built service from dist/services/', () => {
    expect(existsSync(dockerfilePath)).toBe(true);
    const dockerfile = readFileSync(dockerfilePath, 'utf8');
    expect(dockerfile).toContain('dist/services/');
    expect(dockerfile).toMatch(/^ARG SERVICE\b/m);
  });

  it('builds and runs on Node 24 LTS, the runtime package.json supports', () => {
    const dockerfile = readFileSync(dockerfilePath, 'utf8');
    const bases = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((match) => match[1]);
    expect(bases).toEqual(['node:24-bookworm-slim', 'node:24-bookworm-slim']);
    const engines = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines as { node: string };
    expect(engines.node).toMatch(/^>=24\./);
  });

  it("compiles better-sqlite3 against the image's own Node headers, not ones downloaded at build time", () => {
    expect(readFileSync(dockerfilePath, 'utf8')).toMatch(/^ENV npm_config_nodedir=\/usr\/local$/m);
  });
});
